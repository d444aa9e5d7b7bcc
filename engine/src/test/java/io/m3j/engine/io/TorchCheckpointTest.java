package io.m3j.engine.io;

import io.m3j.engine.Fixtures;
import io.m3j.engine.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TorchCheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void pytorchBinHoldsTheSameTensorsAsSafetensors() {
        Path dir = Fixtures.path("/fixtures/xlmr/model");
        try (TorchCheckpoint bin = TorchCheckpoint.open(dir.resolve("pytorch_model.bin"));
             SafetensorsFile st = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            assertEquals(st.names(), bin.names());
            for (String name : st.names()) {
                Tensor a = st.find(name), b = bin.find(name);
                assertArrayEquals(a.shape(), b.shape(), name);
                assertEquals(DType.F32, b.dtype());
                assertTrue(b.data().isMapped(), "stored zip entries are used in place: " + name);
                assertArrayEquals(a.toFloatArray(), b.toFloatArray(), name);
            }
        }
    }

    @Test
    void readsFp16HeadFiles() {
        Path dir = Fixtures.path("/fixtures/xlmr/model");
        try (TorchCheckpoint colbert = TorchCheckpoint.open(dir.resolve("colbert_linear.pt"));
             TorchCheckpoint sparse = TorchCheckpoint.open(dir.resolve("sparse_linear.pt"))) {
            assertEquals(DType.F16, colbert.require("weight", 128, 128).dtype());
            assertEquals(DType.F16, colbert.require("bias", 128).dtype());
            sparse.require("weight", 1, 128);
            // the manifest: sparse_linear bias set to 1.0 before the fp16 cast
            assertArrayEquals(new float[] {1.0f}, sparse.require("bias", 1).toFloatArray());
        }
    }

    @Test
    void stridedViewsAreGatheredAndOffsetsHonoured() throws IOException {
        // storage 0..7 as float32; tensor "t" = view offset 1, size (2,3), stride (1,2) (a transposed view)
        ByteBuffer storage = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) storage.putFloat(i);
        Pickle p = new Pickle().proto().emptyDict().mark()
                .str("t").tensor("FloatStorage", "0", 8, 1, new int[] {2, 3}, new int[] {1, 2})
                .str("u").tensor("FloatStorage", "0", 8, 2, new int[] {4}, new int[] {1})
                .op('u').op('.');
        Path file = checkpoint(p.bytes(), Map.of("archive/data/0", storage.array()));
        try (TorchCheckpoint c = TorchCheckpoint.open(file)) {
            assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, c.require("t", 2, 3).toFloatArray());
            assertArrayEquals(new float[] {2, 3, 4, 5}, c.require("u", 4).toFloatArray());
        }
    }

    @Test
    void viewPastTheStorageIsRejected() throws IOException {
        Pickle p = new Pickle().proto().emptyDict().mark()
                .str("t").tensor("FloatStorage", "0", 8, 4, new int[] {2, 3}, new int[] {3, 1})
                .op('u').op('.');
        Path file = checkpoint(p.bytes(), Map.of("archive/data/0", new byte[32]));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TorchCheckpoint.open(file));
        assertTrue(e.getMessage().contains("Tensor t") && e.getMessage().contains("8 elements"), e.getMessage());

        Path missing = checkpoint(p.bytes(), Map.of("archive/data/0", new byte[8]));
        e = assertThrows(ModelFormatException.class, () -> TorchCheckpoint.open(missing));
        assertTrue(e.getMessage().contains("expected 32"), e.getMessage());
    }

    @Test
    void forbiddenGlobalIsRejectedAndNeverExecuted() throws IOException {
        Path marker = tmp.resolve("pwned");
        // {'x': os.system('touch <marker>')}
        Pickle p = new Pickle().proto().emptyDict().mark()
                .str("x").global("os", "system").str("touch " + marker).op(0x85).op('R')
                .op('u').op('.');
        Path file = checkpoint(p.bytes(), Map.of());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TorchCheckpoint.open(file));
        assertTrue(e.getMessage().contains("forbidden global os.system"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(Files.exists(marker));

        Pickle builtins = new Pickle().proto().global("builtins", "eval").op('.');
        assertTrue(assertThrows(ModelFormatException.class, () -> TorchCheckpoint.open(checkpoint(builtins.bytes(), Map.of())))
                .getMessage().contains("builtins.eval"));
        // the same through STACK_GLOBAL (protocol 4)
        Pickle stack = new Pickle().proto().str("posix").str("system").op(0x93).op('.');
        assertTrue(assertThrows(ModelFormatException.class, () -> TorchCheckpoint.open(checkpoint(stack.bytes(), Map.of())))
                .getMessage().contains("posix.system"));
    }

    @Test
    void unknownOpcodesAndTruncationAreRejected() throws IOException {
        Pickle inst = new Pickle().proto().mark().op('i').raw("os\nsystem\n").op('.');
        assertTrue(assertThrows(ModelFormatException.class, () -> TorchCheckpoint.open(checkpoint(inst.bytes(), Map.of())))
                .getMessage().contains("not allowed"));
        Pickle truncated = new Pickle().proto().emptyDict().mark().str("t");
        assertTrue(assertThrows(ModelFormatException.class, () -> TorchCheckpoint.open(checkpoint(truncated.bytes(), Map.of())))
                .getMessage().contains("truncated"));

        byte[] real = Files.readAllBytes(Fixtures.path("/fixtures/xlmr/model/sparse_linear.pt"));
        Path cut = tmp.resolve("cut.pt");
        Files.write(cut, Arrays.copyOf(real, real.length - 100));
        assertThrows(ModelFormatException.class, () -> TorchCheckpoint.open(cut));
    }

    /** A zip in torch's layout (archive/data.pkl + storages); entries deflated to also exercise that path. */
    private Path checkpoint(byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        entries.put("archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        entries.putAll(storages);
        Path file = Files.createTempFile(tmp, "ckpt", ".pt");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            boolean stored = true;
            for (var e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (stored) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setCrc(crc.getValue());
                }
                stored = !stored;
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** Emits pickle opcodes (protocol 2) as torch.save writes them. */
    private static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int code) {
            out.write(code);
            return this;
        }

        Pickle raw(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Pickle proto() {
            return op(0x80).op(2);
        }

        Pickle emptyDict() {
            return op('}');
        }

        Pickle mark() {
            return op('(');
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length);
            out.writeBytes(len.array());
            out.writeBytes(b);
            return this;
        }

        Pickle integer(int v) {
            op('J');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
            return this;
        }

        Pickle global(String module, String name) {
            return op('c').raw(module + "\n" + name + "\n");
        }

        Pickle ints(int[] values) {
            mark();
            for (int v : values) integer(v);
            return op('t');
        }

        /** _rebuild_tensor_v2(('storage', torch.<type>, key, 'cpu', numel), offset, size, stride, False, OrderedDict()) */
        Pickle tensor(String storageType, String key, int numel, int offset, int[] size, int[] stride) {
            global("torch._utils", "_rebuild_tensor_v2");
            mark();
            mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).op('t').op('Q');
            integer(offset).ints(size).ints(stride).op(0x89);
            global("collections", "OrderedDict").op(')').op('R');
            op('t');
            return op('R');
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
