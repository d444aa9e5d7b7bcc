package io.m3j.tokenizer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.m3j.tokenizer.proto.ProtoFormatException;
import io.m3j.tokenizer.proto.ProtoReader;

/** Arbitrary bytes through the protobuf reader: only ProtoFormatException may escape. */
class ProtoReaderFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void walkArbitraryMessages(byte[] data) {
        try {
            walk(ProtoReader.of(data), 0);
        } catch (ProtoFormatException expected) {
            // malformed input is reported, never crashes
        }
    }

    private static void walk(ProtoReader r, int depth) {
        while (r.next()) {
            if (r.wireType() == ProtoReader.LENGTH_DELIMITED && depth < 8 && (r.field() & 1) == 0) {
                walk(r.readMessage(), depth + 1);
            } else if (r.wireType() == ProtoReader.LENGTH_DELIMITED && (r.field() & 3) == 1) {
                ProtoReader.LongList list = new ProtoReader.LongList();
                r.readPackedVarints(list);
            } else {
                r.skip();
            }
        }
    }
}
