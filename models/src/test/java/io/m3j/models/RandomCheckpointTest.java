package io.m3j.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class RandomCheckpointTest {

    @Test
    void bgeM3ParameterCountMatchesThePublishedCheckpointSize() {
        // BAAI/bge-m3 has 567,754,752 parameters including the pooler (2.27 GB in F32).
        assertEquals(567_754_752L, EncoderShape.BGE_M3.parameterCount());
    }

    @Test
    void writesAValidSafetensorsFileWithTheConfiguredShapes(@TempDir Path dir) throws IOException {
        EncoderShape tiny = new EncoderShape("xlm-roberta", 100, 16, 2, 4, 32, 66, 1, 1, 1e-5);
        RandomCheckpoint.write(tiny, dir, 42);
        JsonNode config = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        assertEquals(2, config.get("num_hidden_layers").asInt());
        assertEquals("xlm-roberta", config.get("model_type").asText());

        Path file = dir.resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(len, 0);
            long headerLen = len.getLong(0);
            assertEquals(0, (8 + headerLen) % 8, "data must start 8-byte aligned");
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            ch.read(header, 8);
            JsonNode h = new ObjectMapper().readTree(header.array());
            long dataBytes = ch.size() - 8 - headerLen;
            assertEquals(tiny.parameterCount() * 4, dataBytes);
            JsonNode w = h.get("encoder.layer.1.intermediate.dense.weight");
            assertEquals("F32", w.get("dtype").asText());
            assertEquals(32, w.get("shape").get(0).asInt());
            assertEquals(16, w.get("shape").get(1).asInt());
            long start = w.get("data_offsets").get(0).asLong();
            long end = w.get("data_offsets").get(1).asLong();
            assertEquals(32 * 16 * 4, end - start);
            // Random weights have the intended spread; LayerNorm weights are exactly 1.
            ByteBuffer data = ByteBuffer.allocate((int) (end - start)).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(data, 8 + headerLen + start);
            double sumSq = 0;
            for (int i = 0; i < 32 * 16; i++) sumSq += Math.pow(data.getFloat(i * 4), 2);
            assertEquals(0.02, Math.sqrt(sumSq / (32 * 16)), 0.004);
            JsonNode ln = h.get("encoder.layer.0.output.LayerNorm.weight");
            ByteBuffer lnData = ByteBuffer.allocate(16 * 4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lnData, 8 + headerLen + ln.get("data_offsets").get(0).asLong());
            for (int i = 0; i < 16; i++) assertEquals(1f, lnData.getFloat(i * 4));
        }
        byte[] again = Files.readAllBytes(file);
        Path dir2 = Files.createDirectory(dir.resolve("again"));
        RandomCheckpoint.write(tiny, dir2, 42);
        assertArrayEquals(again, Files.readAllBytes(dir2.resolve("model.safetensors")), "same seed, same bytes");
    }
}
