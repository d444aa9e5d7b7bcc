package io.m3j.engine.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a safetensors file tensor by tensor, streaming each tensor's bytes so multi-gigabyte
 * checkpoints never have to fit in memory. Declare every tensor with {@link #add}, then call
 * {@link #write} with a source that fills each tensor's bytes in order.
 */
public final class SafetensorsWriter {

    /** Fills the bytes of one tensor: called with buffers of at most a few MiB, in order. */
    public interface TensorSource {
        /**
         * Puts the next {@code out.remaining()} bytes of tensor {@code name} (at byte {@code offset}
         * within the tensor) into {@code out}, little-endian.
         */
        void fill(String name, long offset, ByteBuffer out);
    }

    private record Entry(String name, String dtype, long[] shape, long bytes) {
    }

    private static final int CHUNK = 4 << 20;

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Declares a tensor; dtype is a safetensors dtype name: F64, F32, F16, BF16, I64, I32, I8 or U8. */
    public SafetensorsWriter add(String name, String dtype, long... shape) {
        int width = switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16" -> 2;
            case "I8", "U8" -> 1;
            default -> throw new IllegalArgumentException("unsupported dtype " + dtype + " for " + name);
        };
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape) + " of " + name);
            n = Math.multiplyExact(n, d);
        }
        for (Entry e : entries) {
            if (e.name.equals(name)) throw new IllegalArgumentException("duplicate tensor " + name);
        }
        entries.add(new Entry(name, dtype, shape.clone(), n * width));
        return this;
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Total size of the file that {@link #write} will produce. */
    public long fileSize() {
        long total = 8 + header().length;
        for (Entry e : entries) total += e.bytes;
        return total;
    }

    public void write(Path file, TensorSource source) {
        byte[] header = header();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            writeFully(ch, len);
            writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : entries) {
                for (long done = 0; done < e.bytes; ) {
                    int n = (int) Math.min(CHUNK, e.bytes - done);
                    buf.clear().limit(n);
                    source.fill(e.name, done, buf);
                    if (buf.hasRemaining()) {
                        throw new IllegalStateException("source left " + buf.remaining() + " bytes of " + e.name + " unfilled");
                    }
                    buf.flip();
                    writeFully(ch, buf);
                    done += n;
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("writing " + file, ex);
        }
    }

    private byte[] header() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Entry e : entries) {
            ObjectNode t = root.putObject(e.name);
            t.put("dtype", e.dtype);
            ArrayNode shape = t.putArray("shape");
            for (long d : e.shape) shape.add(d);
            ArrayNode offsets = t.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + e.bytes);
            offset += e.bytes;
        }
        byte[] text = root.toString().getBytes(StandardCharsets.UTF_8);
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        int padded = (text.length + 7) & ~7;
        byte[] out = Arrays.copyOf(text, padded);
        Arrays.fill(out, text.length, padded, (byte) ' ');
        return out;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }
}
