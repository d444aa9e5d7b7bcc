package io.m3j.engine.io;

import io.m3j.engine.ModelFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A whole file mapped read-only into memory, owned by a shared arena: closing unmaps it, and any
 * later access from any thread fails with an exception instead of touching freed memory.
 */
public final class MappedFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;

    private MappedFile(Path path, Arena arena, MemorySegment segment) {
        this.path = path;
        this.arena = arena;
        this.segment = segment;
    }

    public static MappedFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            MemorySegment segment = size == 0 ? MemorySegment.NULL.reinterpret(0)
                    : channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return new MappedFile(path, arena, segment);
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("Cannot map " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    public MemorySegment segment() {
        return segment;
    }

    public long size() {
        return segment.byteSize();
    }

    /** A bounds-checked slice whose failure message names the file and the component. */
    public MemorySegment slice(long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset > size() || length > size() - offset) {
            throw new ModelFormatException(what + " in " + path + " spans bytes [" + offset + ", "
                    + (offset + length) + ") but the file has only " + size() + " bytes");
        }
        return segment.asSlice(offset, length);
    }

    @Override
    public void close() {
        arena.close();
    }
}
