package io.m3j.engine.io;

import io.m3j.engine.ModelFormatException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle reader that understands exactly what {@code torch.save(state_dict)} writes and nothing
 * more. It never executes anything: the few globals a state dict refers to (OrderedDict, the tensor
 * rebuild functions, the typed storage classes) are interpreted here; any other global or opcode is
 * rejected with a {@link ModelFormatException} naming it.
 */
final class StateDictUnpickler {

    /** A reference to {@code module.name}, only ever one of {@link #ALLOWED_GLOBALS}. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    record Tuple(List<Object> items) {
    }

    /** A typed storage: zip entry {@code data/<key>} holding {@code numel} elements. */
    record StorageRef(DType dtype, String key, long numel) {
    }

    /** A tensor view of a storage: element offset, sizes and strides (in elements). */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    private static final Map<String, DType> STORAGE_TYPES = Map.of(
            "FloatStorage", DType.F32, "HalfStorage", DType.F16, "BFloat16Storage", DType.BF16,
            "DoubleStorage", DType.F64, "LongStorage", DType.I64, "IntStorage", DType.I32,
            "ShortStorage", DType.I16, "CharStorage", DType.I8, "ByteStorage", DType.U8, "BoolStorage", DType.BOOL);

    private static final Set<String> ALLOWED_GLOBALS = Set.of(
            "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter");

    private static final int MAX_DEPTH = 1 << 20;

    private final byte[] data;
    private final String source;
    private int pos;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private StateDictUnpickler(byte[] data, String source) {
        this.data = data;
        this.source = source;
    }

    /** Unpickles {@code data}; {@code source} names the file and entry in error messages. */
    static Object load(byte[] data, String source) {
        return new StateDictUnpickler(data, source).run();
    }

    private Object run() {
        while (true) {
            int at = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> u8();                                   // PROTO
                case 0x95 -> skip(8);                                // FRAME
                case '.' -> {                                        // STOP
                    if (stack.size() != 1) throw error(at, "STOP with " + stack.size() + " objects on the stack");
                    return stack.getFirst();
                }
                case '(' -> marks.add(stack.size());                 // MARK
                case '}' -> push(new LinkedHashMap<>());             // EMPTY_DICT
                case ']' -> push(new ArrayList<>());                 // EMPTY_LIST
                case ')' -> push(new Tuple(List.of()));              // EMPTY_TUPLE
                case 't' -> push(new Tuple(popToMark(at)));          // TUPLE
                case 0x85 -> push(new Tuple(popN(1, at)));           // TUPLE1
                case 0x86 -> push(new Tuple(popN(2, at)));           // TUPLE2
                case 0x87 -> push(new Tuple(popN(3, at)));           // TUPLE3
                case 'l' -> push(new ArrayList<>(popToMark(at)));    // LIST
                case 'd' -> push(dictOf(popToMark(at), at));         // DICT
                case 'N' -> push(null);                              // NONE
                case 0x88 -> push(Boolean.TRUE);                     // NEWTRUE
                case 0x89 -> push(Boolean.FALSE);                    // NEWFALSE
                case 'J' -> push((long) i32());                      // BININT
                case 'K' -> push((long) u8());                       // BININT1
                case 'M' -> push((long) (u8() | (u8() << 8)));      // BININT2
                case 0x8a -> push(long1(at));                        // LONG1
                case 'G' -> push(Double.longBitsToDouble(i64BigEndian())); // BINFLOAT
                case 'X' -> push(string(u32(at), at));               // BINUNICODE
                case 0x8c -> push(string(u8(), at));                 // SHORT_BINUNICODE
                case 0x8d -> push(string(u64(at), at));              // BINUNICODE8
                case 'c' -> push(global(line(at), line(at), at));    // GLOBAL
                case 0x93 -> {                                       // STACK_GLOBAL
                    Object name = pop(at);
                    Object module = pop(at);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error(at, "STACK_GLOBAL needs two strings");
                    }
                    push(global(m, n, at));
                }
                case 'q' -> memo.put((long) u8(), peek(at));          // BINPUT
                case 'r' -> memo.put((long) u32(at), peek(at));      // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek(at));  // MEMOIZE
                case 'h' -> push(memoGet(u8(), at));                 // BINGET
                case 'j' -> push(memoGet(u32(at), at));              // LONG_BINGET
                case 'Q' -> push(persistentLoad(pop(at), at));       // BINPERSID
                case 'R' -> {                                        // REDUCE
                    Object args = pop(at);
                    Object callable = pop(at);
                    push(reduce(callable, args, at));
                }
                case 'b' -> {                                        // BUILD
                    pop(at); // state: the _metadata attribute torch attaches to OrderedDicts; not a weight
                    if (!(peek(at) instanceof Map)) throw error(at, "BUILD on a " + describe(peek(at)));
                }
                case 's' -> {                                        // SETITEM
                    Object value = pop(at);
                    Object key = pop(at);
                    asMap(peek(at), at).put(key, value);
                }
                case 'u' -> {                                        // SETITEMS
                    List<Object> items = popToMark(at);
                    Map<Object, Object> map = asMap(peek(at), at);
                    if (items.size() % 2 != 0) throw error(at, "SETITEMS with an odd number of items");
                    for (int i = 0; i < items.size(); i += 2) map.put(items.get(i), items.get(i + 1));
                }
                case 'a' -> {                                        // APPEND
                    Object value = pop(at);
                    asList(peek(at), at).add(value);
                }
                case 'e' -> {                                        // APPENDS
                    List<Object> items = popToMark(at);
                    asList(peek(at), at).addAll(items);
                }
                default -> throw error(at, String.format("opcode 0x%02x ('%s') is not allowed in a state dict",
                        op, op >= 32 && op < 127 ? String.valueOf((char) op) : "?"));
            }
        }
    }

    private Object global(String module, String name, int at) {
        String qualified = module + "." + name;
        boolean storage = module.equals("torch") && STORAGE_TYPES.containsKey(name);
        if (!storage && !ALLOWED_GLOBALS.contains(qualified)) {
            throw error(at, "forbidden global " + qualified
                    + " (only collections.OrderedDict, torch tensor rebuild functions and storage types are allowed; nothing is executed)");
        }
        return new Global(module, name);
    }

    private Object persistentLoad(Object pid, int at) {
        if (!(pid instanceof Tuple(List<Object> t)) || t.size() != 5 || !"storage".equals(t.get(0))
                || !(t.get(1) instanceof Global type) || !(t.get(2) instanceof String key) || !(t.get(4) instanceof Long numel)) {
            throw error(at, "unsupported persistent id " + describe(pid) + ", expected ('storage', type, key, location, numel)");
        }
        DType dtype = STORAGE_TYPES.get(type.name());
        if (dtype == null || !type.module().equals("torch")) throw error(at, "unsupported storage type " + type.qualified());
        if (numel < 0) throw error(at, "negative storage size " + numel);
        return new StorageRef(dtype, key, numel);
    }

    private Object reduce(Object callable, Object args, int at) {
        if (!(callable instanceof Global g)) throw error(at, "REDUCE on a " + describe(callable));
        if (!(args instanceof Tuple(List<Object> a))) throw error(at, "REDUCE arguments are a " + describe(args));
        switch (g.qualified()) {
            case "collections.OrderedDict" -> {
                if (!a.isEmpty()) throw error(at, "OrderedDict with constructor arguments");
                return new LinkedHashMap<>();
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                if (a.size() < 4 || !(a.get(0) instanceof StorageRef storage) || !(a.get(1) instanceof Long offset)) {
                    throw error(at, "_rebuild_tensor_v2 with arguments " + describe(args));
                }
                return new TensorRef(storage, offset, longs(a.get(2), at), longs(a.get(3), at));
            }
            case "torch._utils._rebuild_parameter" -> {
                if (a.isEmpty() || !(a.getFirst() instanceof TensorRef tensor)) {
                    throw error(at, "_rebuild_parameter with arguments " + describe(args));
                }
                return tensor;
            }
            default -> throw error(at, "global " + g.qualified() + " cannot be called");
        }
    }

    private long[] longs(Object tuple, int at) {
        if (!(tuple instanceof Tuple(List<Object> items))) throw error(at, "expected a tuple of ints, found " + describe(tuple));
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(items.get(i) instanceof Long v)) throw error(at, "expected a tuple of ints, found " + describe(items.get(i)));
            out[i] = v;
        }
        return out;
    }

    private Map<Object, Object> dictOf(List<Object> items, int at) {
        if (items.size() % 2 != 0) throw error(at, "DICT with an odd number of items");
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) map.put(items.get(i), items.get(i + 1));
        return map;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asMap(Object o, int at) {
        if (o instanceof Map<?, ?> m) return (Map<Object, Object>) m;
        throw error(at, "SETITEM(S) on a " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private List<Object> asList(Object o, int at) {
        if (o instanceof List<?> l) return (List<Object>) l;
        throw error(at, "APPEND(S) on a " + describe(o));
    }

    private static String describe(Object o) {
        if (o == null) return "None";
        if (o instanceof Global g) return "global " + g.qualified();
        if (o instanceof Tuple t) return "tuple of " + t.items().size();
        return o.getClass().getSimpleName();
    }

    private void push(Object o) {
        if (stack.size() >= MAX_DEPTH) throw error(pos, "pickle stack too deep");
        stack.add(o);
    }

    private Object pop(int at) {
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() <= floor) throw error(at, "stack underflow");
        return stack.removeLast();
    }

    private Object peek(int at) {
        if (stack.isEmpty()) throw error(at, "stack underflow");
        return stack.getLast();
    }

    private List<Object> popN(int n, int at) {
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.addFirst(pop(at));
        return out;
    }

    private List<Object> popToMark(int at) {
        if (marks.isEmpty()) throw error(at, "no MARK on the stack");
        int mark = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(mark, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private Object memoGet(long key, int at) {
        if (!memo.containsKey(key)) throw error(at, "memo key " + key + " not defined");
        return memo.get(key);
    }

    private int u8() {
        if (pos >= data.length) throw error(pos, "truncated pickle");
        return data[pos++] & 0xFF;
    }

    private void skip(int n) {
        if (data.length - pos < n) throw error(pos, "truncated pickle");
        pos += n;
    }

    private int i32() {
        return u8() | (u8() << 8) | (u8() << 16) | (u8() << 24);
    }

    private long u32(int at) {
        return Integer.toUnsignedLong(i32());
    }

    private long u64(int at) {
        long v = Integer.toUnsignedLong(i32()) | ((long) i32() << 32);
        if (v < 0) throw error(at, "length out of range");
        return v;
    }

    private long i64BigEndian() {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | u8();
        return v;
    }

    private long long1(int at) {
        int n = u8();
        if (n > 8) throw error(at, "LONG1 of " + n + " bytes does not fit 64 bits");
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) u8() << (8 * i);
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) v |= -1L << (8 * n); // sign-extend
        return v;
    }

    private String string(long length, int at) {
        if (length > data.length - pos) throw error(at, "string of " + length + " bytes runs past the end of the pickle");
        String s = new String(data, pos, (int) length, StandardCharsets.UTF_8);
        pos += (int) length;
        return s;
    }

    private String line(int at) {
        int start = pos;
        while (pos < data.length && data[pos] != '\n') pos++;
        if (pos >= data.length) throw error(at, "unterminated GLOBAL name");
        String s = new String(data, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    private ModelFormatException error(int at, String what) {
        return new ModelFormatException("Pickle " + source + ": " + what + " (at byte " + at + ")");
    }
}
