package io.m3j.engine.io;

import io.m3j.engine.ModelFormatException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The entries of a zip file that is already memory-mapped. PyTorch writes its checkpoints as
 * uncompressed (stored) entries, so their bytes can be used in place without a heap copy, which
 * {@link java.util.zip.ZipFile} cannot offer. Deflated entries are inflated into the heap.
 * Every offset read from the archive is checked against the file.
 */
final class ZipArchive {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    record Entry(String name, int method, long compressedSize, long size, long dataOffset) {
    }

    private final MappedFile file;
    private final Map<String, Entry> entries;

    private ZipArchive(MappedFile file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    static boolean looksLikeZip(MappedFile file) {
        return file.size() >= 4 && file.segment().get(U32, 0) == 0x04034b50;
    }

    static ZipArchive read(MappedFile file) {
        long eocd = findEndOfCentralDirectory(file);
        long count = u16(file, eocd + 10);
        long cdSize = u32(file, eocd + 12);
        long cdOffset = u32(file, eocd + 16);
        if (count == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) {
            long locator = eocd - 20;
            if (locator < 0 || u32(file, locator) != 0x07064b50) throw error(file, "ZIP64 locator missing");
            long zip64 = u64(file, locator + 8);
            if (u32(file, zip64) != 0x06064b50) throw error(file, "ZIP64 end record missing at " + zip64);
            count = u64(file, zip64 + 32);
            cdSize = u64(file, zip64 + 40);
            cdOffset = u64(file, zip64 + 48);
        }
        file.slice(cdOffset, cdSize, "Zip central directory");
        Map<String, Entry> entries = new LinkedHashMap<>();
        long p = cdOffset;
        for (long i = 0; i < count; i++) {
            if (u32(file, p) != 0x02014b50) throw error(file, "bad central directory entry at byte " + p);
            int method = u16(file, p + 10);
            long compressed = u32(file, p + 20);
            long size = u32(file, p + 24);
            int nameLength = u16(file, p + 28);
            int extraLength = u16(file, p + 30);
            int commentLength = u16(file, p + 32);
            long localHeader = u32(file, p + 42);
            String name = new String(file.slice(p + 46, nameLength, "Zip entry name").toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8);
            long extra = p + 46 + nameLength;
            long extraEnd = extra + extraLength;
            while (extra + 4 <= extraEnd) {
                int id = u16(file, extra);
                int len = u16(file, extra + 2);
                if (id == 0x0001) {
                    long q = extra + 4;
                    if (size == 0xFFFFFFFFL) { size = u64(file, q); q += 8; }
                    if (compressed == 0xFFFFFFFFL) { compressed = u64(file, q); q += 8; }
                    if (localHeader == 0xFFFFFFFFL) localHeader = u64(file, q);
                }
                extra += 4 + len;
            }
            if (u32(file, localHeader) != 0x04034b50) {
                throw error(file, "entry " + name + ": no local header at byte " + localHeader);
            }
            long dataOffset = localHeader + 30 + u16(file, localHeader + 26) + u16(file, localHeader + 28);
            file.slice(dataOffset, compressed, "Zip entry " + name);
            entries.put(name, new Entry(name, method, compressed, size, dataOffset));
            p = extraEnd + commentLength;
        }
        return new ZipArchive(file, Collections.unmodifiableMap(entries));
    }

    Map<String, Entry> entries() {
        return entries;
    }

    /** The uncompressed bytes of an entry: a slice of the mapping when stored, a heap copy when deflated. */
    MemorySegment data(Entry e) {
        MemorySegment raw = file.slice(e.dataOffset(), e.compressedSize(), "Zip entry " + e.name());
        if (e.method() == 0) {
            if (e.size() != e.compressedSize()) throw error(file, "stored entry " + e.name() + " has inconsistent sizes");
            return raw;
        }
        if (e.method() != 8) throw error(file, "entry " + e.name() + " uses unsupported compression method " + e.method());
        if (e.size() > Integer.MAX_VALUE - 8) throw error(file, "deflated entry " + e.name() + " is too large to inflate");
        byte[] out = new byte[(int) e.size()];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(raw.asByteBuffer());
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int k = inflater.inflate(out, n, out.length - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                n += k;
            }
            if (n != out.length) throw error(file, "entry " + e.name() + " inflates to " + n + " bytes, expected " + out.length);
        } catch (DataFormatException ex) {
            throw new ModelFormatException("Zip file " + file.path() + ": entry " + e.name() + " is corrupt: " + ex.getMessage(), ex);
        } finally {
            inflater.end();
        }
        return MemorySegment.ofArray(out);
    }

    private static long findEndOfCentralDirectory(MappedFile file) {
        long stop = Math.max(0, file.size() - 22 - 65535);
        for (long p = file.size() - 22; p >= stop; p--) {
            if (file.segment().get(U32, p) == 0x06054b50) return p;
        }
        throw error(file, "no end-of-central-directory record (truncated file?)");
    }

    private static int u16(MappedFile f, long at) {
        return Short.toUnsignedInt(f.slice(at, 2, "Zip structure").get(U16, 0));
    }

    private static long u32(MappedFile f, long at) {
        return Integer.toUnsignedLong(f.slice(at, 4, "Zip structure").get(U32, 0));
    }

    private static long u64(MappedFile f, long at) {
        long v = f.slice(at, 8, "Zip structure").get(U64, 0);
        if (v < 0) throw error(f, "64-bit field out of range at byte " + at);
        return v;
    }

    private static ModelFormatException error(MappedFile file, String what) {
        return new ModelFormatException("Zip file " + file.path() + ": " + what);
    }
}
