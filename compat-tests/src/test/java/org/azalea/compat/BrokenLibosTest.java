// The harness's own test: a libOS with one call deliberately broken must be
// caught. The image of corpus fileio (open, write, lseek, read...) is linked
// as usual, then its libOS dispatch table's lseek slot is pointed at the
// getppid handler, so lseek answers the parent's pid. The differential run
// must report the difference, while the same image unbroken agrees with Linux.
package org.azalea.compat;

import org.azalea.elf.ElfFile;
import org.azalea.elf.Symbol;
import org.azalea.image.Image;
import org.azalea.image.ImageLinker;
import org.azalea.image.ImageOptions;
import org.azalea.image.Libos;
import org.azalea.x86.Disassembler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokenLibosTest {
    private static final int NR_LSEEK = 8;
    private static final int SYSCALLS = 512;

    @Test
    void aBrokenLseekIsCaughtAndTheUnbrokenImageIsNot(@TempDir Path dir) throws Exception {
        Path program = Differential.CORPUS.resolve("fileio.glibc");
        Differential.assertPresent(program);
        Libos libos = Libos.load();
        Image image;
        try (Disassembler d = new Disassembler()) {
            image = ImageLinker.link(ElfFile.read(program), program, ImageOptions.defaults(), libos, d);
        }
        Path good = write(dir.resolve("fileio-good.uk"), image.bytes());
        Path broken = write(dir.resolve("fileio-broken.uk"), breakLseek(image, libos));

        Invocation c = Invocation.of("fileio.glibc", program, "fileio", List.of());
        Outcome nativeRun = Differential.run(c, program);
        assertEquals("", nativeRun.differenceFrom(Differential.run(c, good)), "the unbroken image must agree");
        String difference = nativeRun.differenceFrom(Differential.run(c, broken));
        assertFalse(difference.isEmpty(), "an lseek that answers getppid's value went unnoticed");
        assertTrue(difference.contains("stdout") || difference.contains("status"), difference);
    }

    /** The image with its dispatch table's lseek slot holding the getppid handler's address. */
    private static byte[] breakLseek(Image image, Libos libos) throws Exception {
        List<Symbol> tables = libos.elf().symbols().stream().filter(s -> s.name().equals("table") && s.isDefined())
                .toList();
        assertEquals(1, tables.size(), "the libOS's dispatch table (core/syscall.c) is one symbol named table");
        assertEquals(8L * SYSCALLS, tables.getFirst().size(), "one 8-byte handler per syscall number");
        long slot = image.libosBase() + tables.getFirst().value() + 8L * NR_LSEEK;
        long getppid = image.libosBase() + libos.address("sys_getppid").orElseThrow();
        long offload = image.libosBase() + libos.address("az_offload").orElseThrow();
        ElfFile linked = ElfFile.parse(image.input().toString(), image.bytes());
        int at = Math.toIntExact(linked.fileOffsetOf(slot));
        byte[] bytes = image.bytes().clone();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(offload, b.getLong(at), "the lseek slot holds the offload handler before the break");
        b.putLong(at, getppid);
        return bytes;
    }

    private static Path write(Path file, byte[] bytes) throws Exception {
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
