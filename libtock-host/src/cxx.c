/* The C++ run-time support a libtock-c C++ app needs, without libstdc++.
 *
 * Owns: operator new/delete (plain, array, sized) and the pure/deleted
 * virtual traps, under their Itanium C++ ABI mangled names, so that it can be
 * written in C and linked only into C++ apps (tockemu-cc adds it). Debian's
 * libstdc++ is built for glibc and cannot link against musl, so C++ apps get
 * the language (classes, virtual functions, templates, constructors of
 * globals) but no standard library headers (tockemu-cc passes -nostdinc++)
 * and no exceptions or RTTI.
 *
 * Upstream counterpart: libtock-c's libc++/ (a prebuilt libstdc++ for newlib,
 * tock/libtock-c@497ea7cf). Deviation: with -fno-exceptions a failed new
 * aborts, where libstdc++ would throw std::bad_alloc.
 */
#include <stddef.h>
#include <stdlib.h>

void *_Znwm(size_t size); /* operator new(size_t) */
void *_Znam(size_t size); /* operator new[](size_t) */
void _ZdlPv(void *p);     /* operator delete(void *) */
void _ZdaPv(void *p);     /* operator delete[](void *) */
void _ZdlPvm(void *p, size_t size);
void _ZdaPvm(void *p, size_t size);
void __cxa_pure_virtual(void);
void __cxa_deleted_virtual(void);

void *_Znwm(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p == NULL)
        abort(); /* no bad_alloc without exceptions */
    return p;
}

void *_Znam(size_t size)
{
    return _Znwm(size);
}

void _ZdlPv(void *p)
{
    free(p);
}

void _ZdaPv(void *p)
{
    free(p);
}

void _ZdlPvm(void *p, size_t size)
{
    (void)size;
    free(p);
}

void _ZdaPvm(void *p, size_t size)
{
    (void)size;
    free(p);
}

void __cxa_pure_virtual(void)
{
    abort();
}

void __cxa_deleted_virtual(void)
{
    abort();
}
