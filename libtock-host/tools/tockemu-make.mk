# tockemu-make's stand-in for libtock-c's AppMakefile.mk and TockLibrary.mk.
#
# tockemu-make runs `make` in a libtock-c app folder with TOCK_USERLAND_BASE_DIR
# pointing at a copy of the checkout's top level in which this file is
# AppMakefile.mk. The app's Makefile then sets its variables as usual and
# includes this file, which prints them instead of building anything for ARM or
# RISC-V. Upstream counterpart: AppMakefile.mk and Configuration.mk of
# tock/libtock-c@497ea7cf (the defaults below are theirs).
STACK_SIZE       ?= 2048
APP_HEAP_SIZE    ?= 1024
KERNEL_HEAP_SIZE ?= 1024
PACKAGE_NAME     ?= $(notdir $(CURDIR))

# Libraries with an include directory are on the include path, as upstream.
$(foreach lib,$(EXTERN_LIBS),$(if $(wildcard $(lib)/include),$(eval override CPPFLAGS += -I$(lib)/include)))
$(foreach lib,$(EXTERN_LIBS),$(eval -include $(lib)/Makefile.app))

.PHONY: tockemu-vars
tockemu-vars:
	@printf '%s\t%s\n' \
	  PACKAGE_NAME '$(strip $(PACKAGE_NAME))' \
	  C_SRCS '$(strip $(C_SRCS))' \
	  CXX_SRCS '$(strip $(CXX_SRCS))' \
	  STACK_SIZE '$(strip $(STACK_SIZE))' \
	  APP_HEAP_SIZE '$(strip $(APP_HEAP_SIZE))' \
	  KERNEL_HEAP_SIZE '$(strip $(KERNEL_HEAP_SIZE))' \
	  EXTERN_LIBS '$(strip $(EXTERN_LIBS))' \
	  CFLAGS '$(strip $(CFLAGS))' \
	  CPPFLAGS '$(strip $(CPPFLAGS))' \
	  CXXFLAGS '$(strip $(CXXFLAGS))' \
	  ELF2TAB_ARGS '$(strip $(ELF2TAB_ARGS))'

# Sources the Makefile generates (app_loader's loadable_binaries.h, a
# prerequisite of its main.c) are made by the Makefile's own rules first.
.PHONY: tockemu-sources
tockemu-sources: $(C_SRCS) $(CXX_SRCS)

# This file also stands in for TockLibrary.mk, which a library's Makefile
# (u8g2, lua53, ...) includes last: this target prints its sources and flags.
.PHONY: tockemu-library-vars
tockemu-library-vars:
	@printf '%s\t%s\n' \
	  LIBNAME '$(strip $(LIBNAME))' \
	  SRCS '$(strip $($(LIBNAME)_SRCS))' \
	  CFLAGS '$(strip $(CFLAGS))' \
	  CPPFLAGS '$(strip $(CPPFLAGS) $(CPPFLAGS_$(LIBNAME)))'
