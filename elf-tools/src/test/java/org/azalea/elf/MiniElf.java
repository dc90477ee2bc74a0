// A tiny hand-laid ELF64 x86-64 executable with known offsets, so tests can corrupt one field
// at a time and check the exact error. Layout:
//   0x000 ELF header          0x040 phdr 0 (LOAD, whole file)   0x078 phdr 1 (NOTE)
//   0x100 .text (16 bytes)    0x110 .note (GNU build-id note, 0x14 bytes)
//   0x130 .strtab ("\0main\0") 0x140 .symtab (2 symbols)        0x170 .shstrtab (0x27 bytes)
//   0x200 section headers: 0 null, 1 .text, 2 .note, 3 .strtab, 4 .symtab, 5 .shstrtab
package org.azalea.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

final class MiniElf {

    static final int SIZE = 0x380;
    static final int PHDR0 = 0x40;
    static final int PHDR1 = 0x78;
    static final int NOTE = 0x110;
    static final int SYMTAB = 0x140;
    static final int SHDRS = 0x200;
    static final long BASE = 0x400000;

    private MiniElf() {
    }

    static int shdr(int index) {
        return SHDRS + index * 64;
    }

    static byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(16, (short) 2).putShort(18, (short) 62).putInt(20, 1).putLong(24, BASE + 0x100)
                .putLong(32, PHDR0).putLong(40, SHDRS).putInt(48, 0).putShort(52, (short) 64)
                .putShort(54, (short) 56).putShort(56, (short) 2).putShort(58, (short) 64).putShort(60, (short) 6)
                .putShort(62, (short) 5);
        phdr(b, PHDR0, 1, 5, 0, BASE, SIZE, SIZE, 0x1000);
        phdr(b, PHDR1, 4, 4, NOTE, BASE + NOTE, 0x14, 0x14, 4);
        b.put(0x100, (byte) 0xc3);
        b.putInt(NOTE, 4).putInt(NOTE + 4, 4).putInt(NOTE + 8, 3).put(NOTE + 12, "GNU\0".getBytes(StandardCharsets.US_ASCII))
                .putInt(NOTE + 16, 0xdeadbeef);
        b.put(0x130, "\0main\0".getBytes(StandardCharsets.US_ASCII));
        b.putInt(SYMTAB + 24, 1).put(SYMTAB + 28, (byte) 0x12).putShort(SYMTAB + 30, (short) 1)
                .putLong(SYMTAB + 32, BASE + 0x100).putLong(SYMTAB + 40, 16);
        byte[] names = "\0.text\0.note\0.strtab\0.symtab\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
        b.put(0x170, names);
        shdr(b, 1, 1, 1, 6, BASE + 0x100, 0x100, 0x10, 0, 0, 16, 0);
        shdr(b, 2, 7, 7, 2, BASE + NOTE, NOTE, 0x14, 0, 0, 4, 0);
        shdr(b, 3, 13, 3, 0, 0, 0x130, 6, 0, 0, 1, 0);
        shdr(b, 4, 21, 2, 0, 0, SYMTAB, 0x30, 3, 1, 8, 24);
        shdr(b, 5, 29, 3, 0, 0, 0x170, names.length, 0, 0, 1, 0);
        return b.array();
    }

    private static void phdr(ByteBuffer b, int at, int type, int flags, long offset, long vaddr, long filesz,
                             long memsz, long align) {
        b.putInt(at, type).putInt(at + 4, flags).putLong(at + 8, offset).putLong(at + 16, vaddr)
                .putLong(at + 24, vaddr).putLong(at + 32, filesz).putLong(at + 40, memsz).putLong(at + 48, align);
    }

    private static void shdr(ByteBuffer b, int index, int name, int type, long flags, long addr, long offset,
                             long size, int link, int info, long align, long entsize) {
        int at = shdr(index);
        b.putInt(at, name).putInt(at + 4, type).putLong(at + 8, flags).putLong(at + 16, addr)
                .putLong(at + 24, offset).putLong(at + 32, size).putInt(at + 40, link).putInt(at + 44, info)
                .putLong(at + 48, align).putLong(at + 56, entsize);
    }

    static void putLong(byte[] bytes, int at, long value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
    }

    static void putInt(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    }

    static void putShort(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
    }
}
