/* Building apps outside the tree (issue 11 parts 1, 2, 3, 5, 6, 7):
 * tockemu-cc, tockemu-make on a libtock-c-shaped folder, what newlib gives on
 * a board (strlcpy, libm, a lax assert, C++), the RAM budget and the exact
 * flash end of an app built out of tree, and `meson install` into a temporary
 * root used by a Make, a meson and a CMake project through pkg-config alone.
 *
 * Rules come from the issue text and from libtock-c's build (AppMakefile.mk,
 * Configuration.mk @497ea7cf: STACK_SIZE 2048, APP_HEAP_SIZE 1024,
 * KERNEL_HEAP_SIZE 1024 by default; a TAB is a tar holding metadata.toml and
 * one <arch>.tbf per architecture). Each test runs a bash script in a fresh
 * temporary folder with $B (build root), $S (source root) and $T (the
 * folder) set, and checks its exit status and output.
 */
#include <check.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

struct sh_result {
    int status; /* exit status, or -1 if bash could not run */
    char *out;  /* stdout and stderr together */
};

/* Run `script` under bash -eu in a new temporary folder. */
static struct sh_result sh(const char *script)
{
    char *dir = g_dir_make_tmp("tockemu-sdk-XXXXXX", NULL);
    ck_assert_ptr_nonnull(dir);
    char *full = g_strdup_printf("set -euo pipefail\nB='%s'\nS='%s'\nT='%s'\ncd \"$T\"\n%s",
                                 TOCKEMU_BUILD_ROOT, TOCKEMU_SOURCE_ROOT, dir, script);
    char *argv[] = {"bash", "-c", full, NULL};
    struct sh_result r = {-1, NULL};
    char *out = NULL, *err = NULL;
    int wait_status = 0;
    if (g_spawn_sync(dir, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &wait_status,
                     NULL)) {
        r.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
        r.out = g_strconcat(out, err, NULL);
    } else {
        r.out = g_strdup("bash did not start");
    }
    g_free(out);
    g_free(err);
    char *rm[] = {"rm", "-rf", dir, NULL};
    g_spawn_sync(NULL, rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_free(full);
    g_free(dir);
    return r;
}

#define CC  "\"$B/libtock-host/tools/tockemu-cc\""
#define EMU "\"$B/emu/tools/tockemu\""

START_TEST(tockemu_cc_builds_a_tbf_that_tockemu_runs)
{
    struct sh_result r = sh("cat > hello.c <<'C'\n"
                            "#include <stdio.h>\n"
                            "int main(void) { printf(\"hello from cc\\n\"); return 0; }\n"
                            "C\n" CC " -O2 -Wall -o hello.tbf hello.c --stack 8192 --heap 4096\n"
                            "test -f hello.elf\n" EMU " hello.tbf\n");
    ck_assert_msg(r.status == 0 && strstr(r.out, "hello from cc\n"), "%d: %s", r.status, r.out);
    g_free(r.out);
}
END_TEST

/* min-ram = stack + .data/.bss + heap + kernel heap, as elf2tab sums them;
 * .data/.bss and the runtime's stack cushion are the runtime's footprint,
 * at most 16 KiB. */
START_TEST(tockemu_cc_asks_for_stack_plus_data_plus_heap)
{
    struct sh_result r = sh("echo 'int main(void) { return 0; }' > m.c\n" CC
                            " -o m.tbf m.c --stack 8192 --heap 40000 --kernel-heap 1024\n"
                            "\"$B/emu/tools/tockbin\" inspect --json m.tbf | grep -o "
                            "'\"minimum_ram_size\": *[0-9]*'\n");
    ck_assert_int_eq(r.status, 0);
    const char *n = strpbrk(strchr(r.out, ':'), "0123456789");
    ck_assert_ptr_nonnull(n);
    long min_ram = strtol(n, NULL, 10);
    ck_assert_msg(min_ram >= 8192 + 40000 + 1024 && min_ram < 8192 + 40000 + 1024 + 16384, "%ld",
                  min_ram);
    g_free(r.out);
}
END_TEST

START_TEST(tockemu_cc_tab_holds_an_x86_64_tbf_and_metadata)
{
    struct sh_result r =
        sh("echo 'int main(void) { return 7; }' > m.c\n" CC " -o seven.tab m.c --name seven\n"
           "tar tf seven.tab | sort | tr '\\n' ' '\n"
           "tar xOf seven.tab metadata.toml | grep -c 'name = \"seven\"'\n"
           "set +e\n" EMU " seven.tab; echo \"status=$?\"\n");
    ck_assert_msg(r.status == 0, "%s", r.out);
    ck_assert_msg(strstr(r.out, "metadata.toml x86_64.tbf ") != NULL, "%s", r.out);
    ck_assert_msg(strstr(r.out, "status=1") && strstr(r.out, "7"), "%s", r.out);
    g_free(r.out);
}
END_TEST

START_TEST(tockemu_cc_bad_argument_is_one_line_and_status_2)
{
    struct sh_result r = sh("touch notes.txt\nset +e\n" CC " -o x.tbf notes.txt\necho status=$?\n");
    ck_assert_msg(strstr(r.out, "tockemu-cc: notes.txt: not a source") != NULL, "%s", r.out);
    ck_assert_msg(strstr(r.out, "status=2") != NULL, "%s", r.out);
    g_free(r.out);
}
END_TEST

/* A board's compiler (arm-none-eabi-gcc, riscv64-unknown-elf-gcc) defines
 * none of the host's unix or linux macros, and libtock-c code tests them to
 * mean "built as a Linux program" (lua-hello defines its own
 * libtocksync_alarm_delay_ms under __unix__): tockemu-cc, which also
 * compiles the libraries tockemu-make builds with the app, defines none, in
 * C and in C++. */
START_TEST(tockemu_cc_defines_no_host_unix_macros_as_a_board_compiler)
{
    struct sh_result r = sh("cat > u.c <<'C'\n"
                            "#if defined(__unix__) || defined(__unix) || defined(unix) || \\\n"
                            "    defined(__linux__) || defined(__linux) || defined(linux) || \\\n"
                            "    defined(__gnu_linux__)\n"
                            "#error a host macro is defined\n"
                            "#endif\n"
                            "int answer = 42;\n"
                            "C\n"
                            "cp u.c u.cc\n" CC " -c u.c -o u.o\n" CC " -c u.cc -o ucc.o\n");
    ck_assert_msg(r.status == 0, "%d: %s", r.status, r.out);
    g_free(r.out);
}
END_TEST

/* newlib on a board has strlcpy/strlcat, links libm, brings assert in
 * without <assert.h>, and has an sbrk over memop (musl's would make a brk
 * system call, which kills the app). */
START_TEST(newlib_facilities_work_without_extra_flags)
{
    struct sh_result r = sh("cat > n.c <<'C'\n"
                            "#include <math.h>\n"
                            "#include <stdio.h>\n"
                            "#include <string.h>\n"
                            "#include <unistd.h>\n"
                            "int main(void) {\n"
                            "  char buf[8];\n"
                            "  size_t n = strlcpy(buf, \"abcdefghij\", sizeof buf);\n"
                            "  strlcat(buf, \"zz\", sizeof buf);\n"
                            "  volatile double two = 2.0;\n"
                            "  assert(n == 10);\n"
                            "  if (sbrk(0) == (void *)-1) return 1;\n"
                            "  printf(\"%s %zu %.3f\\n\", buf, n, sqrt(two));\n"
                            "  return 0;\n"
                            "}\n"
                            "C\n" CC " -o n.tbf n.c\n" EMU " n.tbf\n");
    ck_assert_msg(r.status == 0 && strstr(r.out, "abcdefg 10 1.414\n"), "%d: %s", r.status, r.out);
    g_free(r.out);
}
END_TEST

/* newlib-nano's malloc (libtock-c builds newlib with
 * --enable-newlib-nano-malloc) moves the break by the chunk it needs: the RAM
 * above the break holds the process's grants (kernel heap), so a malloc that
 * grew by a page would take a 1 KiB KERNEL_HEAP_SIZE from them. */
START_TEST(malloc_moves_the_break_by_what_it_needs_as_newlib_nano)
{
    struct sh_result r = sh("cat > b.c <<'C'\n"
                            "#include <stdint.h>\n"
                            "#include <stdio.h>\n"
                            "#include <stdlib.h>\n"
                            "#include <unistd.h>\n"
                            "static long brk_now(void) { return (long)(intptr_t)sbrk(0); }\n"
                            "int main(void) {\n"
                            "  long b0 = brk_now(); void *p = malloc(100);\n"
                            "  long b1 = brk_now(); void *q = malloc(1000);\n"
                            "  long b2 = brk_now(); free(p); void *s = malloc(60);\n"
                            "  long b3 = brk_now();\n"
                            "  printf(\"grew %ld %ld %ld %d\\n\", b1 - b0, b2 - b1, b3 - b2,\n"
                            "         p && q && s);\n"
                            "  return 0;\n"
                            "}\n"
                            "C\n" CC " -o b.tbf b.c --heap 2000\n" EMU " b.tbf\n");
    ck_assert_msg(r.status == 0, "%d: %s", r.status, r.out);
    long first = 0, second = 0, reuse = -1;
    int ok = 0;
    const char *line = strstr(r.out, "grew ");
    ck_assert_msg(line && sscanf(line, "grew %ld %ld %ld %d", &first, &second, &reuse, &ok) == 4,
                  "%s", r.out);
    /* A chunk is the request, an 8-byte header, 16-byte rounding; the first
     * also aligns the heap's start and its end header (at most 24 more). */
    ck_assert_msg(ok == 1 && first >= 100 && first <= 100 + 24 + 24, "%s", r.out);
    ck_assert_msg(second >= 1000 && second <= 1000 + 24, "%s", r.out);
    ck_assert_msg(reuse == 0, "a freed chunk is used before the break moves: %s", r.out);
    g_free(r.out);
}
END_TEST

START_TEST(cxx_classes_virtuals_new_and_global_constructors_run)
{
    struct sh_result r = sh("cat > c.cc <<'C'\n"
                            "#include <stdio.h>\n"
                            "struct Base { virtual ~Base() {} virtual int f() { return 1; } };\n"
                            "struct D : Base { int f() override { return 41; } };\n"
                            "struct G { int v; G() : v(1) {} };\n"
                            "static G g;\n"
                            "template <typename T> T add(T a, T b) { return a + b; }\n"
                            "int main() {\n"
                            "  Base *b = new D;\n"
                            "  int v = add(b->f(), g.v);\n"
                            "  delete b;\n"
                            "  int *a = new int[4];\n"
                            "  delete[] a;\n"
                            "  printf(\"cxx %d\\n\", v);\n"
                            "  return 0;\n"
                            "}\n"
                            "C\n" CC " -o c.tbf c.cc\n" EMU " c.tbf\n");
    ck_assert_msg(r.status == 0 && strstr(r.out, "cxx 42\n"), "%d: %s", r.status, r.out);
    g_free(r.out);
}
END_TEST

/* Issue 11 part 6: an app built out of tree ends on a page as tockbin's
 * do, so reading one byte past its flash faults (followed by another app, so
 * that flash goes on past its end). */
START_TEST(tockemu_cc_app_faults_one_byte_past_its_flash)
{
    struct sh_result r = sh("cat > end.c <<'C'\n"
                            "#include <stdint.h>\n"
                            "#include <stdio.h>\n"
                            "#include <libtock/tock.h>\n"
                            "int main(void) {\n"
                            "  volatile const uint8_t *end = tock_app_flash_ends_at();\n"
                            "  printf(\"last %u\\n\", end[-1]);\n"
                            "  fflush(stdout);\n"
                            "  printf(\"past the end %u\\n\", end[0]);\n"
                            "  return 0;\n"
                            "}\n"
                            "C\n"
                            "echo 'int main(void) { return 0; }' > other.c\n" CC
                            " -o end.tbf end.c\n" CC " -o other.tbf other.c\n"
                            "set +e\n" EMU " end.tbf other.tbf; echo status=$?\n");
    ck_assert_msg(strstr(r.out, "last ") && !strstr(r.out, "past the end") &&
                      strstr(r.out, "app 'end' faulted: memory fault: read at") &&
                      strstr(r.out, "status=1"),
                  "%s", r.out);
    g_free(r.out);
}
END_TEST

/* A folder shaped like a libtock-c checkout, written here (nothing
 * fetched): a top-level AppMakefile.mk, libtock/ and libtock-sync/, a library
 * built through TockLibrary.mk with an include/ folder, and an app whose
 * Makefile sets its variables, names the library in EXTERN_LIBS and includes
 * AppMakefile.mk. */
static const char fake_checkout[] =
    "mkdir -p co/libtock/extra co/libtock-sync co/examples/greet\n"
    "echo 'this-would-build-for-arm: ; false' > co/AppMakefile.mk\n"
    "cat > co/libtock/extra/twice.h <<'C'\n"
    "#pragma once\n"
    "int libtock_twice(int x);\n"
    "C\n"
    "echo 'int libtock_twice(int x) { return 2 * x; }' > co/libtock/extra/twice.c\n"
    "mkdir -p co/mylib/include\n"
    "echo 'int mylib_add(int a, int b);' > co/mylib/include/mylib.h\n"
    "echo 'int mylib_add(int a, int b) { return a + b; }' > co/mylib/add.c\n"
    "cat > co/mylib/Makefile <<'M'\n"
    "TOCK_USERLAND_BASE_DIR ?= ..\n"
    "LIBNAME := mylib\n"
    "$(LIBNAME)_SRCS := $(TOCK_USERLAND_BASE_DIR)/mylib/add.c\n"
    "include $(TOCK_USERLAND_BASE_DIR)/TockLibrary.mk\n"
    "M\n"
    "echo 'this-would-build-for-arm: ; false' > co/TockLibrary.mk\n"
    "cat > co/examples/greet/Makefile <<'M'\n"
    "TOCK_USERLAND_BASE_DIR = ../..\n"
    "C_SRCS := $(wildcard *.c)\n"
    "PACKAGE_NAME = \"greeter\"\n"
    "STACK_SIZE = 3072\n"
    "APP_HEAP_SIZE = 2048\n"
    "override CFLAGS += -DGREETING=\\\"hi\\\"\n"
    "EXTERN_LIBS += $(TOCK_USERLAND_BASE_DIR)/mylib\n"
    "include $(TOCK_USERLAND_BASE_DIR)/AppMakefile.mk\n"
    "M\n"
    "cat > co/examples/greet/main.c <<'C'\n"
    "#include <stdio.h>\n"
    "#include <libtock/extra/twice.h>\n"
    "#include <mylib.h>\n"
    "int main(void) { printf(\"%s %d\\n\", GREETING, mylib_add(libtock_twice(20), 2)); return 0; "
    "}\n"
    "C\n";

START_TEST(tockemu_make_builds_an_app_folder_from_its_makefile)
{
    char *script =
        g_strconcat(fake_checkout,
                    "cd co/examples/greet\n"
                    "\"$B/libtock-host/tools/tockemu-make\"\n"
                    "tar tf build/greeter.tab | grep -x x86_64.tbf\n" EMU " build/greeter.tab\n"
                    "\"$B/emu/tools/tockbin\" inspect --json build/greeter.tbf | grep -o "
                    "'\"minimum_ram_size\": *[0-9]*'\n",
                    NULL);
    struct sh_result r = sh(script);
    ck_assert_msg(r.status == 0 && strstr(r.out, "hi 42\n"), "%d: %s", r.status, r.out);
    /* RAM: STACK_SIZE + APP_HEAP_SIZE + KERNEL_HEAP_SIZE (1024) + the
     * runtime's footprint (stack cushion, .data/.bss), at most 16 KiB. */
    const char *n = strpbrk(strstr(r.out, "minimum_ram_size"), "0123456789");
    long min_ram = strtol(n, NULL, 10);
    ck_assert_msg(min_ram >= 3072 + 2048 + 1024 && min_ram < 3072 + 2048 + 1024 + 16384, "%ld",
                  min_ram);
    g_free(r.out);
    g_free(script);
}
END_TEST

/* libtock-c's malloc_test02: with the Makefile defaults (STACK_SIZE 2048,
 * APP_HEAP_SIZE 1024) the app's RAM is its budget, so malloc(100000) fails
 * while a small malloc works. */
START_TEST(tockemu_make_default_heap_refuses_malloc_100000)
{
    char *script = g_strconcat(
        fake_checkout,
        "mkdir co/examples/budget && cd co/examples/budget\n"
        "printf '%s\\n' 'TOCK_USERLAND_BASE_DIR = ../..' 'C_SRCS := main.c' "
        "'include $(TOCK_USERLAND_BASE_DIR)/AppMakefile.mk' > Makefile\n"
        "cat > main.c <<'C'\n"
        "#include <stdio.h>\n"
        "#include <stdlib.h>\n"
        "int main(void) { void *small = malloc(119); void *big = malloc(100000);\n"
        "  printf(\"small %s, big %s\\n\", small ? \"ok\" : \"NULL\", big ? \"ok\" : \"NULL\"); "
        "return 0; }\n"
        "C\n"
        "\"$B/libtock-host/tools/tockemu-make\"\n" EMU " build/budget.tab\n",
        NULL);
    struct sh_result r = sh(script);
    ck_assert_msg(r.status == 0 && strstr(r.out, "small ok, big NULL\n"), "%d: %s", r.status,
                  r.out);
    g_free(r.out);
    g_free(script);
}
END_TEST

START_TEST(tockemu_make_outside_a_checkout_says_so)
{
    struct sh_result r = sh("mkdir app && cd app && echo 'all:' > Makefile\nset +e\n"
                            "\"$B/libtock-host/tools/tockemu-make\"\necho status=$?\n");
    ck_assert_msg(strstr(r.out, "not inside a libtock-c checkout") && strstr(r.out, "status=2"),
                  "%s", r.out);
    g_free(r.out);
}
END_TEST

/* libtock-c's AppMakefile.mk (EXTERN_LIB_BUILD_RULE @497ea7cf): a library
 * with a Makefile.setup gets its sources from it, `make -C <lib> -f
 * Makefile.setup all`; with a Makefile.version, only while the file it names
 * as <LIBNAME>_SENTINEL_FILE is missing (u8g2 downloads a zip at a hash that
 * way; lua53 and lvgl, without a version file, run git submodule update).
 * Here the "download" copies from a folder beside the checkout. */
static const char fetched_library[] =
    "mkdir -p remote co/dl co/examples/mul\n"
    "echo 'int dl_mul(int a, int b);' > remote/dl.h\n"
    "echo 'int dl_mul(int a, int b) { return a * b; }' > remote/mul.c\n"
    "cat > co/dl/Makefile.version <<'M'\n"
    "TOCK_USERLAND_BASE_DIR ?= ..\n"
    "DL_VERSION_HASH := 0123abcd\n"
    "DL_LIB_DIR := $(TOCK_USERLAND_BASE_DIR)/dl\n"
    "DL_SRC_DIR := $(DL_LIB_DIR)/dl-$(DL_VERSION_HASH)\n"
    "DL_SENTINEL_FILE := $(DL_SRC_DIR)/dl.h\n"
    "M\n"
    "cat > co/dl/Makefile.setup <<'M'\n"
    "include Makefile.version\n"
    "$(DL_SENTINEL_FILE):\n"
    "\techo run >> setup-runs\n"
    "\tmkdir -p $(DL_SRC_DIR) && cp ../../remote/* $(DL_SRC_DIR)/\n"
    "all: | $(DL_SENTINEL_FILE)\n"
    "M\n"
    "cat > co/dl/Makefile <<'M'\n"
    "include Makefile.version\n"
    "LIBNAME := dl\n"
    "$(LIBNAME)_SRCS := $(wildcard $(DL_SRC_DIR)/*.c)\n"
    "override CPPFLAGS += -I$(DL_SRC_DIR)\n"
    "include $(TOCK_USERLAND_BASE_DIR)/TockLibrary.mk\n"
    "M\n"
    "echo 'override CPPFLAGS += -I$(TOCK_USERLAND_BASE_DIR)/dl/dl-0123abcd' > co/dl/Makefile.app\n"
    "printf '%s\\n' 'TOCK_USERLAND_BASE_DIR = ../..' 'C_SRCS := main.c' "
    "'EXTERN_LIBS += $(TOCK_USERLAND_BASE_DIR)/dl' "
    "'include $(TOCK_USERLAND_BASE_DIR)/AppMakefile.mk' > co/examples/mul/Makefile\n"
    "cat > co/examples/mul/main.c <<'C'\n"
    "#include <stdio.h>\n"
    "#include <dl.h>\n"
    "int main(void) { printf(\"product %d\\n\", dl_mul(6, 7)); return 0; }\n"
    "C\n";

START_TEST(tockemu_make_runs_a_library_setup_once_when_its_sources_are_missing)
{
    char *script = g_strconcat(fake_checkout, fetched_library,
                               "cd co/examples/mul\n"
                               "\"$B/libtock-host/tools/tockemu-make\"\n" EMU " build/mul.tab\n"
                               "\"$B/libtock-host/tools/tockemu-make\"\n"
                               "echo \"setup ran $(wc -l < ../../dl/setup-runs) time(s)\"\n",
                               NULL);
    struct sh_result r = sh(script);
    ck_assert_msg(r.status == 0 && strstr(r.out, "product 42\n"), "%d: %s", r.status, r.out);
    ck_assert_msg(strstr(r.out, "library dl has no sources yet") != NULL, "%s", r.out);
    ck_assert_msg(strstr(r.out, "setup ran 1 time(s)") != NULL, "%s", r.out);
    g_free(r.out);
    g_free(script);
}
END_TEST

/* A setup that cannot download (no network: curl or git fails) ends the build
 * with one line naming the library, the tool's own reason and what to do. */
START_TEST(tockemu_make_failed_library_setup_is_one_line_naming_the_library)
{
    char *script = g_strconcat(
        fake_checkout, fetched_library,
        "rm co/dl/Makefile.version\n"
        "cat > co/dl/Makefile.setup <<'M'\n"
        "dl-0123abcd/dl.h:\n"
        "\t@echo 'Cloning into dl...' >&2\n"
        "\t@echo 'fatal: unable to access the remote: Could not resolve host' >&2; exit 128\n"
        "all: | dl-0123abcd/dl.h\n"
        "M\n"
        "cd co/examples/mul\nset +e\n"
        "\"$B/libtock-host/tools/tockemu-make\" 2>err >/dev/null; echo status=$?\n"
        "grep -v 'building libtock-c' err\n"
        "echo lines=$(grep -v 'building libtock-c' err | wc -l)\n"
        "ls build/*.tab 2>/dev/null || echo no-tab\n",
        NULL);
    struct sh_result r = sh(script);
    ck_assert_msg(strstr(r.out, "status=1\n") && strstr(r.out, "no-tab\n"), "%s", r.out);
    /* The announcement, then the one error line. */
    ck_assert_msg(strstr(r.out, "lines=2\n"), "%s", r.out);
    ck_assert_msg(strstr(r.out, "tockemu-make: library dl: its download failed (fatal: unable to "
                                "access the remote: Could not resolve host); run 'make -C ") &&
                      strstr(r.out, "/co/dl -f Makefile.setup all'"),
                  "%s", r.out);
    g_free(r.out);
    g_free(script);
}
END_TEST

/* `meson install` into $T/root, and PKG_CONFIG_PATH naming its pkgconfig
 * folder: all a user's project gets. The .pc files are relocatable: the root
 * is not the configured prefix, and nobody redefines it. */
static const char installed_root[] =
    "meson install -C \"$B\" --no-rebuild --quiet --destdir \"$T/root\" >/dev/null\n"
    "P=$(find \"$T/root\" -name tockemu-harness.pc -printf '%h\\n')\n"
    "export PKG_CONFIG_PATH=$P\n"
    /* A build dir configured before pkgconfig.relocatable became a default
     * option has absolute .pc files: copies of ours with the installed
     * root's prefix stand in (a pkg-config that redefined the prefix would
     * move glib's too), so the rest is checked there too. */
    "if ! grep -q '^prefix=${pcfiledir}' \"$P/libtock-host.pc\"; then\n"
    "  echo 'no relocatable .pc: meson configure -Dpkgconfig.relocatable=true' >&2\n"
    "  prefix=$(cd \"$P/../..\" && pwd)\n"
    "  case $P in */lib/*/pkgconfig) prefix=$(cd \"$P/../../..\" && pwd);; esac\n"
    "  mkdir pc\n"
    "  for f in \"$P\"/*.pc; do sed \"s|^prefix=.*|prefix=$prefix|\" \"$f\" > pc/${f##*/}; done\n"
    "  export PKG_CONFIG_PATH=$PWD/pc\n"
    "fi\n"
    "prefix=$(pkg-config --variable=prefix libtock-host)\n"
    "export LD_LIBRARY_PATH=$(pkg-config --variable=libdir tockemu-harness) CK_FORK=no\n";

/* The user's project: an app (libtock-sync, newlib's lax assert) and a Check
 * test whose LTH_TEST_APP body runs as an app found with LTH_APP, beside the
 * test executable. */
static const char project_sources[] =
    "mkdir proj && cd proj\n"
    "cat > app.c <<'C'\n"
    "#include <libtock-sync/services/alarm.h>\n"
    "#include <stdio.h>\n"
    "int main(void) { libtocksync_alarm_delay_ms(5); assert(1); printf(\"out of tree\\n\"); "
    "return 0; }\n"
    "C\n"
    "cat > test_app.c <<'C'\n"
    "#include <libtock/interface/led.h>\n"
    "#include <tockemu/lth_app.h>\n"
    "LTH_TEST_APP(led_one) { libtock_led_on(1); return 5; }\n"
    "#ifndef LTH_APP_SIDE\n"
    "#include <check.h>\n"
    "#include <tockemu/harness.h>\n"
    "START_TEST(body_exits_5) {\n"
    "  struct lth *t = lth_new(NULL);\n"
    "  int app = lth_load_test_app(t, LTH_APP(\"test_apps\"), \"led_one\");\n"
    "  lth_run(t);\n"
    "  lth_assert_exit_code(t, app, 5);\n"
    "  lth_free(t);\n"
    "} END_TEST\n"
    "int main(void) {\n"
    "  Suite *s = suite_create(\"oot\"); TCase *tc = tcase_create(\"oot\");\n"
    "  tcase_add_test(tc, body_exits_5); suite_add_tcase(s, tc);\n"
    "  SRunner *sr = srunner_create(s); srunner_run_all(sr, CK_NORMAL);\n"
    "  int failed = srunner_ntests_failed(sr); srunner_free(sr); return failed != 0;\n"
    "}\n"
    "#endif\n"
    "C\n";

/* A Make project that knows nothing but PKG_CONFIG_PATH builds the app and
 * the harness test, both sides at -O0, -O2 and -Os (LTH_TEST_APP bodies
 * must compile away in the test at every level), and runs them; the
 * installed tockemu-make builds an app folder of a checkout. */
START_TEST(installed_sdk_serves_a_make_project_through_pkg_config)
{
    char *script = g_strconcat(
        installed_root, project_sources,
        "printf '%s\\n' \\\n"
        "  'CC_APP := $(shell pkg-config --variable=tockemu_cc libtock-host)' \\\n"
        "  'HARNESS := $(shell pkg-config --cflags --libs tockemu-harness)' \\\n"
        "  'all: app.tbf test_apps.tbf test_app' \\\n"
        "  'app.o: app.c' \\\n"
        "  '\t$(CC) $(OPT) $(shell pkg-config --cflags libtock-host) -c app.c -o app.o' \\\n"
        "  'app.tbf: app.o' \\\n"
        "  '\t$(CC_APP) -o app.tbf app.o --name app' \\\n"
        "  'test_apps.tbf: test_app.c' \\\n"
        "  '\t$(CC_APP) $(OPT) -DLTH_APP_SIDE -o test_apps.tbf test_app.c $(shell pkg-config "
        "--variable=app_main tockemu-harness)' \\\n"
        "  'test_app: test_app.c' \\\n"
        "  '\t$(CC) $(OPT) -o $@ test_app.c $(HARNESS)' > Makefile\n"
        "for opt in -O0 -O2 -Os; do\n"
        "  rm -f app.o *.tbf *.elf test_app\n"
        "  make -s OPT=$opt\n"
        "  \"$prefix/bin/tockemu\" app.tbf\n"
        "  ./test_app\n"
        "done\n"
        "test -f \"$prefix/share/man/man1/tockemu-cc.1\"\n"
        /* the installed tockemu-make, in a libtock-c-shaped checkout */
        "cd \"$T\"\n",
        fake_checkout,
        "cd co/examples/greet\n"
        "\"$prefix/bin/tockemu-make\"\n"
        "\"$prefix/bin/tockemu\" build/greeter.tab\n",
        NULL);
    struct sh_result r = sh(script);
    ck_assert_msg(r.status == 0 && strstr(r.out, "out of tree\n") && strstr(r.out, "100%") &&
                      strstr(r.out, "hi 42\n"),
                  "%d: %s", r.status, r.out);
    g_free(r.out);
    g_free(script);
}
END_TEST

/* Run `build` (the project's set-up and build, into b/), then its app in
 * the installed tockemu and its harness test: both must pass. Frees it. */
static void assert_project_runs(char *build)
{
    char *script = g_strconcat(build, "\"$prefix/bin/tockemu\" b/app.tbf\n", "b/test_app\n", NULL);
    g_free(build);
    struct sh_result r = sh(script);
    g_free(script);
    ck_assert_msg(r.status == 0 && strstr(r.out, "out of tree\n") && strstr(r.out, "100%"),
                  "%d: %s", r.status, r.out);
    g_free(r.out);
}

/* The same project with meson: dependency() finds both .pc files, the
 * tockemu_cc and app_main variables drive custom_targets. */
START_TEST(installed_sdk_serves_a_meson_project_through_pkg_config)
{
    char *script = g_strconcat(
        installed_root, project_sources,
        "cat > meson.build <<'M'\n"
        "project('oot', 'c')\n"
        "lth = dependency('libtock-host')\n"
        "harness = dependency('tockemu-harness')\n"
        "cc_app = find_program(lth.get_variable(pkgconfig : 'tockemu_cc'))\n"
        "custom_target('app', input : 'app.c', output : 'app.tbf', build_by_default : true,\n"
        "  command : [cc_app, '-o', '@OUTPUT@', '@INPUT@'])\n"
        "custom_target('test_apps', output : 'test_apps.tbf', build_by_default : true,\n"
        "  input : ['test_app.c', harness.get_variable(pkgconfig : 'app_main')],\n"
        "  command : [cc_app, '-DLTH_APP_SIDE', '-o', '@OUTPUT@', '@INPUT@'])\n"
        "executable('test_app', 'test_app.c', dependencies : harness)\n"
        "M\n"
        "meson setup b >/dev/null && ninja -C b >/dev/null\n",
        NULL);
    assert_project_runs(script);
}
END_TEST

/* The same project with CMake's FindPkgConfig: an imported target for the
 * harness, pkg_get_variable for tockemu_cc and app_main. */
START_TEST(installed_sdk_serves_a_cmake_project_through_pkg_config)
{
    char *script = g_strconcat(
        installed_root, project_sources,
        "cat > CMakeLists.txt <<'M'\n"
        "cmake_minimum_required(VERSION 3.16)\n"
        "project(oot C)\n"
        "find_package(PkgConfig REQUIRED)\n"
        "pkg_check_modules(HARNESS REQUIRED IMPORTED_TARGET tockemu-harness)\n"
        "pkg_get_variable(CC_APP libtock-host tockemu_cc)\n"
        "pkg_get_variable(APP_MAIN tockemu-harness app_main)\n"
        "add_custom_command(OUTPUT app.tbf DEPENDS app.c\n"
        "  COMMAND ${CC_APP} -o app.tbf ${CMAKE_SOURCE_DIR}/app.c)\n"
        "add_custom_command(OUTPUT test_apps.tbf DEPENDS test_app.c\n"
        "  COMMAND ${CC_APP} -DLTH_APP_SIDE -o test_apps.tbf ${CMAKE_SOURCE_DIR}/test_app.c "
        "${APP_MAIN})\n"
        "add_custom_target(apps ALL DEPENDS app.tbf test_apps.tbf)\n"
        "add_executable(test_app test_app.c)\n"
        "target_link_libraries(test_app PkgConfig::HARNESS)\n"
        "M\n"
        "cmake -S . -B b >/dev/null && cmake --build b >/dev/null\n",
        NULL);
    assert_project_runs(script);
}
END_TEST

/* The installed man pages (issue 11 part 1) name no option their tool does
 * not take: each --option in a page is in the tool's own help. */
START_TEST(man_pages_name_only_options_their_tools_take)
{
    struct sh_result r =
        sh("fail=0\n"
           "for t in tockemu tockbin tockemu-cc tockemu-make; do\n"
           "  case $t in\n"
           "  tockemu) help=$(" EMU " --help-all) ;;\n"
           "  tockbin) help=$(for c in '' create sign inspect verify strip; do\n"
           "             \"$B/emu/tools/tockbin\" $c --help; done) ;;\n"
           "  *) help=$(\"$B/libtock-host/tools/$t\" --help) ;;\n"
           "  esac\n"
           /* roff writes - as \-; --tockbin=ARG passes ARG on to tockbin */
           "  for o in $(sed 's/\\\\-/-/g; s/--tockbin=[^ ]*//g' \"$S/man/$t.1\" |\n"
           "             grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do\n"
           "    grep -q -- \"$o\" <<<\"$help\" || { echo \"man/$t.1: $o\"; fail=1; }\n"
           "  done\n"
           "done\n"
           "exit $fail\n");
    ck_assert_msg(r.status == 0, "options in a man page that the tool does not take:\n%s", r.out);
    g_free(r.out);
}
END_TEST

/* With LIBTOCK_C naming a libtock-c checkout (never fetched here), three of
 * its examples build with tockemu-make and run as their sources say. */
START_TEST(libtock_c_examples_build_and_run_when_a_checkout_is_given)
{
    if (getenv("LIBTOCK_C") == NULL || getenv("LIBTOCK_C")[0] == '\0') {
        fprintf(stderr, "libtock_c_examples: skipped, LIBTOCK_C is not set\n");
        return;
    }
    struct sh_result r =
        sh("M=\"$B/libtock-host/tools/tockemu-make\"\n"
           "for ex in c_hello tests/printf_long tests/exit; do (cd \"$LIBTOCK_C/examples/$ex\" "
           "&& \"$M\" >/dev/null 2>&1); done\n" EMU
           " \"$LIBTOCK_C/examples/c_hello/build/c_hello.tab\"\n" EMU
           " \"$LIBTOCK_C/examples/tests/printf_long/build/printf_long.tab\"\n"
           "set +e\n" EMU " \"$LIBTOCK_C/examples/tests/exit/build/exit.tab\"; echo status=$?\n");
    ck_assert_msg(strstr(r.out, "Hello World!\n") && strstr(r.out, "status=1"), "%d: %s", r.status,
                  r.out);
    g_free(r.out);
}
END_TEST

Suite *sdk_suite(void)
{
    Suite *s = suite_create("sdk");
    TCase *tc = tcase_create("sdk");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, tockemu_cc_builds_a_tbf_that_tockemu_runs);
    tcase_add_test(tc, tockemu_cc_asks_for_stack_plus_data_plus_heap);
    tcase_add_test(tc, tockemu_cc_tab_holds_an_x86_64_tbf_and_metadata);
    tcase_add_test(tc, tockemu_cc_bad_argument_is_one_line_and_status_2);
    tcase_add_test(tc, tockemu_cc_defines_no_host_unix_macros_as_a_board_compiler);
    tcase_add_test(tc, newlib_facilities_work_without_extra_flags);
    tcase_add_test(tc, malloc_moves_the_break_by_what_it_needs_as_newlib_nano);
    tcase_add_test(tc, cxx_classes_virtuals_new_and_global_constructors_run);
    tcase_add_test(tc, tockemu_cc_app_faults_one_byte_past_its_flash);
    tcase_add_test(tc, tockemu_make_builds_an_app_folder_from_its_makefile);
    tcase_add_test(tc, tockemu_make_default_heap_refuses_malloc_100000);
    tcase_add_test(tc, tockemu_make_outside_a_checkout_says_so);
    tcase_add_test(tc, tockemu_make_runs_a_library_setup_once_when_its_sources_are_missing);
    tcase_add_test(tc, tockemu_make_failed_library_setup_is_one_line_naming_the_library);
    tcase_add_test(tc, installed_sdk_serves_a_make_project_through_pkg_config);
    tcase_add_test(tc, installed_sdk_serves_a_meson_project_through_pkg_config);
    tcase_add_test(tc, installed_sdk_serves_a_cmake_project_through_pkg_config);
    tcase_add_test(tc, man_pages_name_only_options_their_tools_take);
    tcase_add_test(tc, libtock_c_examples_build_and_run_when_a_checkout_is_given);
    suite_add_tcase(s, tc);
    return s;
}
