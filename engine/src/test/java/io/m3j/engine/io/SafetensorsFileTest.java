package io.m3j.engine.io;

import io.m3j.engine.EncoderModel;
import io.m3j.engine.Fixtures;
import io.m3j.engine.ModelFormatException;
import io.m3j.engine.config.EncoderConfig;
import io.m3j.engine.config.WeightFormat;
import io.m3j.engine.model.EncoderWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsFileTest {
    @TempDir
    Path tmp;

    private static Path fixture() {
        return Fixtures.path("/fixtures/xlmr/model/model.safetensors");
    }

    @Test
    void readsF32InPlaceAndConvertsF16AndBf16() {
        float[] values = {1.5f, -2.25f, 0.0f, 65504f, 3.0e-5f, -0.1f};
        ByteBuffer f16 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer bf16 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            f16.putShort(Float.floatToFloat16(v));
            bf16.putShort((short) (Float.floatToIntBits(v) >>> 16));
        }
        Path file = tmp.resolve("t.safetensors");
        SafetensorsWriter.write(file, List.of(
                Tensor.ofFloats("a", new int[] {2, 3}, values, "test"),
                new Tensor("h", DType.F16, new int[] {6}, MemorySegment.ofArray(f16.array()), "test"),
                new Tensor("b", DType.BF16, new int[] {3, 2}, MemorySegment.ofArray(bf16.array()), "test")));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertArrayEquals(values, st.require("a", 2, 3).toFloatArray());
            assertTrue(st.require("a").data().isMapped(), "F32 data must stay in the mapping");
            assertTrue(st.require("a").f32Segment().isMapped());
            float[] half = st.require("h").toFloatArray();
            float[] brain = st.require("b").toFloatArray();
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.float16ToFloat(Float.floatToFloat16(values[i])), half[i]);
                assertEquals(Float.intBitsToFloat(Float.floatToIntBits(values[i]) & 0xFFFF0000), brain[i]);
            }
        }
    }

    @Test
    void truncatedFileNamesFileAndTensor() throws IOException {
        byte[] all = Files.readAllBytes(fixture());
        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("Tensor "), e.getMessage());
        assertTrue(e.getMessage().contains("outside"), e.getMessage());

        Path tiny = tmp.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertTrue(assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(tiny)).getMessage().contains("truncated"));
    }

    @Test
    void headerOffsetsOutsideTheFileAreRejected() {
        Path file = tmp.resolve("bad.safetensors");
        SafetensorsWriter.writeRaw(file, "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,1000000]}}", new byte[16]);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains("Tensor w") && e.getMessage().contains("[0, 1000000]"), e.getMessage());

        SafetensorsWriter.writeRaw(file, "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[-8,8]}}", new byte[16]);
        assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(file));

        // offsets fine but inconsistent with the shape
        SafetensorsWriter.writeRaw(file, "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]}}", new byte[16]);
        e = assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains("needs 12 bytes") && e.getMessage().contains("16"), e.getMessage());

        // header length larger than the file
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        try {
            Files.write(file, b.array());
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
        e = assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains("header length"), e.getMessage());

        SafetensorsWriter.writeRaw(file, "{not json", new byte[0]);
        assertTrue(assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(file)).getMessage().contains("not valid JSON"));
    }

    @Test
    void missingTensorAndWrongShapeNameTensorFileAndShapes() {
        EncoderConfig config = EncoderConfig.read(Fixtures.path("/fixtures/xlmr/model/config.json"));
        Path file = tmp.resolve("partial.safetensors");
        try (SafetensorsFile full = SafetensorsFile.open(fixture())) {
            List<Tensor> kept = new ArrayList<>();
            for (String name : full.names()) if (!name.equals("encoder.layer.2.output.dense.bias")) kept.add(full.find(name));
            SafetensorsWriter.write(file, kept);
        }
        try (SafetensorsFile partial = SafetensorsFile.open(file)) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> EncoderWeights.load(partial, config));
            assertEquals("Missing tensor encoder.layer.2.output.dense.bias in " + file, e.getMessage());
        }
        EncoderConfig wider = new EncoderConfig(config.modelType(), config.vocabSize(), config.hiddenSize(), config.numLayers(),
                config.numHeads(), 1024, config.maxPositions(), config.typeVocabSize(), config.padTokenId(),
                config.layerNormEps(), config.activation());
        try (SafetensorsFile st = SafetensorsFile.open(fixture())) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> EncoderWeights.load(st, wider));
            assertEquals("Tensor encoder.layer.0.intermediate.dense.weight in " + fixture()
                    + ": expected shape [1024, 128] but found [512, 128]", e.getMessage());
        }
    }

    @Test
    void shardedCheckpointGivesIdenticalOutputs() throws IOException {
        Path src = Fixtures.path("/fixtures/xlmr/model");
        Path dir = tmp.resolve("sharded");
        Files.createDirectories(dir);
        for (String f : List.of("config.json", "modules.json", "sentence_bert_config.json")) {
            Files.copy(src.resolve(f), dir.resolve(f));
        }
        Files.createDirectories(dir.resolve("1_Pooling"));
        Files.copy(src.resolve("1_Pooling/config.json"), dir.resolve("1_Pooling/config.json"));
        Files.createDirectories(dir.resolve("2_Normalize"));
        Files.copy(src.resolve("2_Normalize/config.json"), dir.resolve("2_Normalize/config.json"));
        StringBuilder index = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
        try (SafetensorsFile full = SafetensorsFile.open(src.resolve("model.safetensors"))) {
            List<Tensor> a = new ArrayList<>(), b = new ArrayList<>();
            for (String name : full.names()) {
                boolean first = name.startsWith("embeddings") || name.contains("layer.0.");
                (first ? a : b).add(full.find(name));
                if (index.charAt(index.length() - 1) != '{') index.append(',');
                index.append('"').append(name).append("\":\"").append(first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors").append('"');
            }
            SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"), a);
            SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"), b);
        }
        Files.writeString(dir.resolve("model.safetensors.index.json"), index.append("}}").toString());
        List<int[]> ids = List.of(new int[] {0, 415, 360, 17, 144, 2}, new int[] {0, 7, 2});
        try (EncoderModel sharded = EncoderModel.load(dir, WeightFormat.SAFETENSORS);
             EncoderModel single = EncoderModel.load(src, WeightFormat.SAFETENSORS)) {
            float[][] x = sharded.embed(ids), y = single.embed(ids);
            for (int i = 0; i < ids.size(); i++) assertArrayEquals(y[i], x[i]);
        }
        // an index naming a shard that is not there
        Files.move(dir.resolve("model-00002-of-00002.safetensors"), tmp.resolve("elsewhere"), StandardCopyOption.REPLACE_EXISTING);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> EncoderModel.load(dir, WeightFormat.SAFETENSORS));
        assertTrue(e.getMessage().contains("model-00002-of-00002.safetensors"), e.getMessage());
    }

    @Test
    void tensorsAreUnusableAfterCloseWithoutCrashing() {
        SafetensorsFile st = SafetensorsFile.open(fixture());
        Tensor t = st.require("embeddings.LayerNorm.weight");
        st.close();
        assertThrows(IllegalStateException.class, t::toFloatArray);
    }
}
