package io.m3j.tokenizer.proto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader for the protocol buffers wire format, enough for SentencePiece {@code .model}
 * files and ONNX models. It never reads outside the buffer it was given: every malformed length,
 * varint or tag becomes a {@link ProtoFormatException} that says where it happened.
 *
 * <p>Usage: {@code while (r.next()) switch (r.field()) { case 1 -> r.readString(); default -> r.skip(); }}.
 * Length-delimited sub-messages are read with {@link #readMessage()}, which returns a reader over
 * exactly the sub-message's bytes.
 */
public final class ProtoReader {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    public static final int START_GROUP = 3;
    public static final int END_GROUP = 4;
    public static final int FIXED32 = 5;

    private final ByteBuffer buf; // little-endian view; position/limit delimit this message
    private final long base;      // absolute offset of buf's index 0, for error messages
    private int pos;
    private final int end;
    private int tag;

    private ProtoReader(ByteBuffer buf, int start, int end, long base) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.base = base;
    }

    /** A reader over all remaining bytes of {@code buffer} (its position and limit are not changed). */
    public static ProtoReader of(ByteBuffer buffer) {
        ByteBuffer b = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        return new ProtoReader(b, 0, b.limit(), 0);
    }

    public static ProtoReader of(byte[] bytes) {
        return of(ByteBuffer.wrap(bytes));
    }

    /** Advances to the next field; returns false at the end of the message. */
    public boolean next() {
        if (pos >= end) return false;
        long t = readVarint();
        int wireType = (int) (t & 7);
        long field = t >>> 3;
        if (field == 0 || field > 0x1FFF_FFFFL) throw error("invalid field number " + field);
        if (wireType > 5 || wireType == START_GROUP || wireType == END_GROUP) {
            throw error("unsupported wire type " + wireType + " for field " + field);
        }
        tag = (int) t;
        return true;
    }

    public int field() {
        return tag >>> 3;
    }

    public int wireType() {
        return tag & 7;
    }

    /** Offset of the reader in the outermost buffer, for error messages. */
    public long position() {
        return base + pos;
    }

    public long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) throw error("truncated varint");
            byte b = buf.get(pos++);
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) return result;
        }
        throw error("varint longer than 10 bytes");
    }

    public int readInt32() {
        expect(VARINT);
        return (int) readVarint();
    }

    public long readInt64() {
        expect(VARINT);
        return readVarint();
    }

    public boolean readBool() {
        expect(VARINT);
        return readVarint() != 0;
    }

    public float readFloat() {
        expect(FIXED32);
        need(4);
        float f = buf.getFloat(pos);
        pos += 4;
        return f;
    }

    public double readDouble() {
        expect(FIXED64);
        need(8);
        double d = buf.getDouble(pos);
        pos += 8;
        return d;
    }

    public int readFixed32() {
        expect(FIXED32);
        need(4);
        int v = buf.getInt(pos);
        pos += 4;
        return v;
    }

    public long readFixed64() {
        expect(FIXED64);
        need(8);
        long v = buf.getLong(pos);
        pos += 8;
        return v;
    }

    public byte[] readBytes() {
        int len = readLength();
        byte[] out = new byte[len];
        buf.get(pos, out, 0, len);
        pos += len;
        return out;
    }

    /** The bytes of a length-delimited field as a read-only little-endian view, without copying. */
    public ByteBuffer readByteBuffer() {
        int len = readLength();
        ByteBuffer view = buf.slice(pos, len).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        pos += len;
        return view;
    }

    public String readString() {
        int len = readLength();
        String s = new String(bytesAt(pos, len), StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** A reader over a length-delimited sub-message; this reader skips past it. */
    public ProtoReader readMessage() {
        int len = readLength();
        ProtoReader sub = new ProtoReader(buf, pos, pos + len, base);
        pos += len;
        return sub;
    }

    /**
     * Reads a packed repeated varint field, or a single unpacked element, appending to {@code out}.
     */
    public void readPackedVarints(LongList out) {
        if (wireType() == VARINT) {
            out.add(readVarint());
            return;
        }
        int len = readLength();
        int stop = pos + len;
        ProtoReader sub = new ProtoReader(buf, pos, stop, base);
        while (sub.pos < stop) out.add(sub.readVarint());
        pos = stop;
    }

    /** Skips the current field's value. */
    public void skip() {
        switch (wireType()) {
            case VARINT -> readVarint();
            case FIXED64 -> { need(8); pos += 8; }
            case FIXED32 -> { need(4); pos += 4; }
            case LENGTH_DELIMITED -> {
                // Not `pos += readLength()`: Java reads pos before readLength() advances it.
                int len = readLength();
                pos += len;
            }
            default -> throw error("cannot skip wire type " + wireType());
        }
    }

    private byte[] bytesAt(int at, int len) {
        byte[] out = new byte[len];
        buf.get(at, out, 0, len);
        return out;
    }

    private int readLength() {
        expect(LENGTH_DELIMITED);
        long len = readVarint();
        if (len < 0 || len > end - pos) {
            throw error("length " + len + " of field " + field() + " runs past the end of the message ("
                    + (end - pos) + " bytes left)");
        }
        return (int) len;
    }

    private void need(int n) {
        if (end - pos < n) throw error("truncated fixed-size value of field " + field());
    }

    private void expect(int wireType) {
        if (wireType() != wireType) {
            throw error("field " + field() + " has wire type " + wireType() + ", expected " + wireType);
        }
    }

    private ProtoFormatException error(String what) {
        return new ProtoFormatException(what + " at byte " + (base + pos));
    }

    /** A growable list of longs, to read packed fields without boxing. */
    public static final class LongList {
        private long[] data = new long[8];
        private int size;

        public void add(long v) {
            if (size == data.length) data = java.util.Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }

        public int size() {
            return size;
        }

        public long get(int i) {
            if (i >= size) throw new IndexOutOfBoundsException(i);
            return data[i];
        }

        public long[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
