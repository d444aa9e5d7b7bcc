package io.m3j.tokenizer.proto;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ProtoReaderTest {

    @Test
    void readsVarintStringFloatAndNestedMessage() {
        // field 1 varint 300; field 2 string "hi"; field 3 fixed32 1.5f; field 4 message {field 1 varint 7}
        byte[] msg = {
                0x08, (byte) 0xAC, 0x02,
                0x12, 0x02, 'h', 'i',
                0x1D, 0x00, 0x00, (byte) 0xC0, 0x3F,
                0x22, 0x02, 0x08, 0x07};
        ProtoReader r = ProtoReader.of(msg);
        assertTrue(r.next());
        assertEquals(1, r.field());
        assertEquals(300, r.readInt32());
        assertTrue(r.next());
        assertEquals("hi", r.readString());
        assertTrue(r.next());
        assertEquals(1.5f, r.readFloat());
        assertTrue(r.next());
        ProtoReader sub = r.readMessage();
        assertTrue(sub.next());
        assertEquals(7, sub.readInt32());
        assertFalse(sub.next());
        assertFalse(r.next());
    }

    @Test
    void skipsEveryWireTypeToTheNextField() {
        // field 1 string "abc" (skipped); field 2 fixed32 (skipped); field 3 fixed64 (skipped); field 4 varint 300 (skipped); field 5 varint 9
        byte[] msg = {
                0x0A, 0x03, 'a', 'b', 'c',
                0x15, 1, 2, 3, 4,
                0x19, 1, 2, 3, 4, 5, 6, 7, 8,
                0x20, (byte) 0xAC, 0x02,
                0x28, 0x09};
        ProtoReader r = ProtoReader.of(msg);
        for (int field = 1; field <= 4; field++) {
            assertTrue(r.next());
            assertEquals(field, r.field());
            r.skip();
        }
        assertTrue(r.next());
        assertEquals(5, r.field());
        assertEquals(9, r.readInt32());
        assertFalse(r.next());
    }

    @Test
    void lengthPastEndIsAnErrorNamingTheOffset() {
        byte[] msg = {0x12, 0x05, 'h', 'i'};
        ProtoReader r = ProtoReader.of(msg);
        assertTrue(r.next());
        ProtoFormatException e = assertThrows(ProtoFormatException.class, r::readString);
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
    }

    @Test
    void truncatedVarintAndBadWireTypeAreErrors() {
        assertThrows(ProtoFormatException.class, () -> ProtoReader.of(new byte[]{(byte) 0x88}).next());
        ProtoReader r = ProtoReader.of(new byte[]{0x08, (byte) 0x80});
        assertTrue(r.next());
        assertThrows(ProtoFormatException.class, r::readInt32);
        assertThrows(ProtoFormatException.class, () -> ProtoReader.of(new byte[]{0x0E}).next());
    }

    @Test
    void skipsEveryWireType() {
        // field 1 string "ab"; field 2 fixed64; field 3 fixed32; field 4 varint 300; field 5 varint 9
        byte[] msg = {0x0A, 0x02, 'a', 'b', 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1D, 1, 2, 3, 4,
                0x20, (byte) 0xAC, 0x02, 0x28, 0x09};
        ProtoReader r = ProtoReader.of(msg);
        for (int field = 1; field <= 4; field++) {
            assertTrue(r.next());
            assertEquals(field, r.field());
            r.skip();
        }
        assertTrue(r.next());
        assertEquals(5, r.field());
        assertEquals(9, r.readInt32());
        assertFalse(r.next());
    }

    @Test
    void packedVarints() {
        byte[] msg = {0x0A, 0x03, 0x01, (byte) 0x96, 0x01};
        ProtoReader r = ProtoReader.of(msg);
        assertTrue(r.next());
        ProtoReader.LongList list = new ProtoReader.LongList();
        r.readPackedVarints(list);
        assertArrayEquals(new long[]{1, 150}, list.toArray());
    }
}
