// Downcall handles for the few libcapstone.so.4 functions the binding uses.
// The library is loaded once per JVM, on first use, into the global arena: the
// handles are shared by every Disassembler and must outlive each of them.
package org.azalea.x86;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

final class Capstone {
    static final String SONAME = "libcapstone.so.4";

    final MethodHandle open;
    final MethodHandle option;
    final MethodHandle malloc;
    final MethodHandle free;
    final MethodHandle close;
    final MethodHandle disasmIter;
    final MethodHandle regsAccess;
    final MethodHandle strerror;

    private Capstone(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        // cs_disasm_iter and cs_regs_access run for each instruction, are short and
        // never call back or block, so the cheaper critical call form applies.
        Linker.Option critical = Linker.Option.critical(false);
        open = handle(linker, lib, "cs_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        option = handle(linker, lib, "cs_option", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG));
        malloc = handle(linker, lib, "cs_malloc", FunctionDescriptor.of(ADDRESS, JAVA_LONG));
        free = handle(linker, lib, "cs_free", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
        close = handle(linker, lib, "cs_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        disasmIter = handle(linker, lib, "cs_disasm_iter",
                FunctionDescriptor.of(JAVA_BOOLEAN, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS), critical);
        regsAccess = handle(linker, lib, "cs_regs_access",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS), critical);
        strerror = handle(linker, lib, "cs_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd,
                                       Linker.Option... options) {
        MemorySegment symbol = lib.find(name).orElseThrow(() -> new CapstoneUnavailableException(
                SONAME + " has no symbol " + name + ": is it really Capstone 4?", null));
        return linker.downcallHandle(symbol, fd, options);
    }

    private static Capstone instance;

    /** Loads the library on first use; while it is missing every call fails with the same advice. */
    static synchronized Capstone get() {
        if (instance == null) {
            SymbolLookup lib;
            try {
                lib = SymbolLookup.libraryLookup(SONAME, Arena.global());
            } catch (IllegalArgumentException e) {
                throw new CapstoneUnavailableException(
                        "libcapstone4 is not installed: run apt-get install libcapstone4 (" + e.getMessage() + ")", e);
            }
            instance = new Capstone(lib);
        }
        return instance;
    }

    String errorMessage(int err) {
        try {
            MemorySegment s = (MemorySegment) strerror.invokeExact(err);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException("cs_strerror failed", t);
        }
    }
}
