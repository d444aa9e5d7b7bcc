package io.m3j.tokenizer.proto;

/** Malformed protocol buffers data; callers wrap it with the name of the file being read. */
public class ProtoFormatException extends RuntimeException {
    public ProtoFormatException(String message) {
        super(message);
    }
}
