package io.m3j.engine.io;

import io.m3j.engine.ModelFormatException;
import io.m3j.engine.UnsupportedModelException;
import io.m3j.tokenizer.proto.ProtoFormatException;
import io.m3j.tokenizer.proto.ProtoReader;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weights (graph initializers) of an ONNX export of a BERT-family encoder. Initializers keep
 * their names, except the anonymous {@code onnx::MatMul_N} weights that exporters produce for Linear
 * layers: each is renamed after the bias of the {@code Add} that follows its {@code MatMul}
 * ({@code ...query.bias} gives {@code ...query.weight}) and transposed from ONNX's [in, out] to the
 * Hugging Face [out, in] layout. Raw data, inline or in external data files (e.g.
 * {@code model.onnx_data}), is used in place from the mapping.
 */
public final class OnnxModelFile implements Weights {
    // TensorProto.DataType values
    private static final int FLOAT = 1, UINT8 = 2, INT8 = 3, INT16 = 5, INT32 = 6, INT64 = 7, BOOL = 9,
            FLOAT16 = 10, DOUBLE = 11, BFLOAT16 = 16;

    private record Node(String opType, List<String> inputs, List<String> outputs) {
    }

    private final List<MappedFile> files;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> renamed;
    private final String source;

    private OnnxModelFile(List<MappedFile> files, Map<String, Tensor> tensors, Map<String, String> renamed, String source) {
        this.files = files;
        this.tensors = tensors;
        this.renamed = renamed;
        this.source = source;
    }

    public static OnnxModelFile open(Path path) {
        List<MappedFile> files = new ArrayList<>();
        try {
            MappedFile model = MappedFile.open(path);
            files.add(model);
            if (model.size() > Integer.MAX_VALUE) {
                throw new ModelFormatException("ONNX file " + path + " is larger than 2 GB; protobuf cannot hold it (use external data)");
            }
            return new Parser(path, model, files).parse();
        } catch (ProtoFormatException e) {
            closeAll(files);
            throw new ModelFormatException("ONNX file " + path + " is malformed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(files);
            throw e;
        }
    }

    /** ONNX initializer name to the Hugging Face name it was given (only the renamed ones). */
    public Map<String, String> renamedInitializers() {
        return renamed;
    }

    @Override
    public Tensor find(String name) {
        return tensors.get(name);
    }

    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public void close() {
        closeAll(files);
    }

    private static void closeAll(List<MappedFile> files) {
        for (MappedFile f : files) f.close();
    }

    private static final class Parser {
        private final Path path;
        private final MappedFile model;
        private final List<MappedFile> files;
        private final Map<String, MappedFile> external = new HashMap<>();
        private final Map<String, Tensor> initializers = new LinkedHashMap<>();
        private final List<Node> nodes = new ArrayList<>();

        Parser(Path path, MappedFile model, List<MappedFile> files) {
            this.path = path;
            this.model = model;
            this.files = files;
        }

        OnnxModelFile parse() {
            ProtoReader modelProto = ProtoReader.of(model.segment().asByteBuffer());
            boolean sawGraph = false;
            while (modelProto.next()) {
                if (modelProto.field() == 7) { // ModelProto.graph
                    readGraph(modelProto.readMessage());
                    sawGraph = true;
                } else {
                    modelProto.skip();
                }
            }
            if (!sawGraph) throw new ModelFormatException("ONNX file " + path + " has no graph");
            Map<String, String> renamed = new LinkedHashMap<>();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Tensor t : initializers.values()) {
                String hfName = linearWeightName(t.name());
                if (hfName == null) {
                    tensors.put(t.name(), t);
                } else {
                    renamed.put(t.name(), hfName);
                    tensors.put(hfName, transpose(t, hfName));
                }
            }
            return new OnnxModelFile(files, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(renamed),
                    path.toString());
        }

        /** For an anonymous MatMul weight: the HF name derived from the bias added to the MatMul's output. */
        private String linearWeightName(String initializer) {
            if (!initializer.startsWith("onnx::MatMul")) return null;
            for (Node matmul : nodes) {
                if (!matmul.opType().equals("MatMul") || matmul.inputs().size() != 2
                        || !matmul.inputs().get(1).equals(initializer) || matmul.outputs().isEmpty()) continue;
                String product = matmul.outputs().getFirst();
                for (Node add : nodes) {
                    if (!add.opType().equals("Add") || !add.inputs().contains(product)) continue;
                    for (String other : add.inputs()) {
                        if (!other.equals(product) && other.endsWith(".bias") && initializers.containsKey(other)) {
                            return other.substring(0, other.length() - ".bias".length()) + ".weight";
                        }
                    }
                }
            }
            return null;
        }

        private Tensor transpose(Tensor t, String newName) {
            if (t.rank() != 2) {
                throw new ModelFormatException("ONNX initializer " + t.name() + " in " + path + " feeds a MatMul but has shape "
                        + java.util.Arrays.toString(t.shape()) + ", expected [in, out]");
            }
            int in = t.dim(0), out = t.dim(1);
            float[] src = t.toFloatArray();
            float[] dst = new float[src.length];
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) dst[o * in + i] = src[i * out + o];
            }
            return Tensor.ofFloats(newName, new int[] {out, in}, dst, path + " (" + t.name() + ", transposed)");
        }

        private void readGraph(ProtoReader graph) {
            while (graph.next()) {
                switch (graph.field()) {
                    case 1 -> nodes.add(readNode(graph.readMessage()));
                    case 5 -> {
                        Tensor t = readTensor(graph.readMessage());
                        if (t != null) initializers.put(t.name(), t);
                    }
                    default -> graph.skip();
                }
            }
        }

        private static Node readNode(ProtoReader node) {
            List<String> inputs = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            String op = "";
            while (node.next()) {
                switch (node.field()) {
                    case 1 -> inputs.add(node.readString());
                    case 2 -> outputs.add(node.readString());
                    case 4 -> op = node.readString();
                    default -> node.skip();
                }
            }
            return new Node(op, inputs, outputs);
        }

        /** Reads a TensorProto; returns null for types that cannot be weights and have no raw bytes. */
        private Tensor readTensor(ProtoReader t) {
            ProtoReader.LongList dims = new ProtoReader.LongList();
            String name = null;
            int dataType = 0;
            MemorySegment raw = null;
            ByteBuffer packedFloats = null, packedDoubles = null;
            ProtoReader.LongList int32Data = new ProtoReader.LongList();
            List<Float> looseFloats = null;
            Map<String, String> externalData = new HashMap<>();
            boolean externalLocation = false;
            while (t.next()) {
                switch (t.field()) {
                    case 1 -> t.readPackedVarints(dims);
                    case 2 -> dataType = t.readInt32();
                    case 4 -> {
                        if (t.wireType() == ProtoReader.LENGTH_DELIMITED) packedFloats = t.readByteBuffer();
                        else (looseFloats == null ? looseFloats = new ArrayList<>() : looseFloats).add(t.readFloat());
                    }
                    case 5 -> t.readPackedVarints(int32Data);
                    case 8 -> name = t.readString();
                    case 9 -> raw = MemorySegment.ofBuffer(t.readByteBuffer());
                    case 10 -> packedDoubles = t.wireType() == ProtoReader.LENGTH_DELIMITED ? t.readByteBuffer() : null;
                    case 13 -> readEntry(t.readMessage(), externalData);
                    case 14 -> externalLocation = t.readInt32() == 1;
                    default -> t.skip();
                }
            }
            if (name == null) throw new ModelFormatException("ONNX file " + path + " has an initializer without a name");
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                long d = dims.get(i);
                if (d < 0 || d > Integer.MAX_VALUE) throw new ModelFormatException("ONNX initializer " + name + " in " + path + " has dimension " + d);
                shape[i] = (int) d;
            }
            DType dtype = dtype(dataType, name);
            if (dtype == null) return null;
            long bytes = Tensor.numel(shape) * dtype.byteSize();
            MemorySegment data;
            if (externalLocation) {
                data = externalData(name, externalData, bytes);
            } else if (raw != null) {
                data = raw;
            } else if (dtype == DType.F32 && packedFloats != null) {
                data = copyOf(packedFloats);
            } else if (dtype == DType.F32 && looseFloats != null) {
                float[] v = new float[looseFloats.size()];
                for (int i = 0; i < v.length; i++) v[i] = looseFloats.get(i);
                data = MemorySegment.ofArray(v);
            } else if ((dtype == DType.F16 || dtype == DType.BF16) && int32Data.size() > 0) {
                data = halfsFromInt32Data(int32Data);
            } else if (dtype == DType.F64 && packedDoubles != null) {
                data = copyOf(packedDoubles);
            } else if (bytes == 0) {
                data = MemorySegment.ofArray(new byte[0]);
            } else if (dtype.isFloatingPoint()) {
                throw new UnsupportedModelException("ONNX initializer " + name + " in " + path + " stores its " + dtype
                        + " data in a field this reader does not support");
            } else {
                return null; // integer constants stored in typed fields (e.g. position_ids) are not weights
            }
            if (data.byteSize() != bytes) {
                throw new ModelFormatException("ONNX initializer " + name + " in " + path + ": shape "
                        + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + bytes + " bytes but the data has " + data.byteSize());
            }
            return new Tensor(name, dtype, shape, data, path.toString());
        }

        private MemorySegment externalData(String name, Map<String, String> info, long bytes) {
            String location = info.get("location");
            if (location == null) throw new ModelFormatException("ONNX initializer " + name + " in " + path + " is external but has no location");
            Path dir = path.toAbsolutePath().getParent();
            Path file = dir.resolve(location).normalize();
            if (!file.startsWith(dir)) {
                throw new ModelFormatException("ONNX initializer " + name + " in " + path + ": external data location '" + location
                        + "' is outside the model directory");
            }
            MappedFile mapped = external.get(location);
            if (mapped == null) {
                if (!file.toFile().isFile()) {
                    throw new ModelFormatException("ONNX initializer " + name + " in " + path + ": external data file " + file + " does not exist");
                }
                mapped = MappedFile.open(file);
                files.add(mapped);
                external.put(location, mapped);
            }
            long offset = parseLong(info.getOrDefault("offset", "0"), name);
            long length = info.containsKey("length") ? parseLong(info.get("length"), name) : bytes;
            if (length != bytes) {
                throw new ModelFormatException("ONNX initializer " + name + " in " + path + ": external length " + length
                        + " but its shape needs " + bytes + " bytes");
            }
            return mapped.slice(offset, length, "External data of ONNX initializer " + name);
        }

        private long parseLong(String s, String name) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new ModelFormatException("ONNX initializer " + name + " in " + path + ": bad external data number '" + s + "'");
            }
        }

        private static void readEntry(ProtoReader entry, Map<String, String> out) {
            String key = null, value = null;
            while (entry.next()) {
                switch (entry.field()) {
                    case 1 -> key = entry.readString();
                    case 2 -> value = entry.readString();
                    default -> entry.skip();
                }
            }
            if (key != null) out.put(key, value);
        }

        private static MemorySegment copyOf(ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return MemorySegment.ofArray(out);
        }

        /** float16 / bfloat16 tensors without raw_data keep each value's 16 bits in one int32_data entry. */
        private static MemorySegment halfsFromInt32Data(ProtoReader.LongList values) {
            ByteBuffer out = ByteBuffer.allocate(values.size() * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.size(); i++) out.putShort((short) values.get(i));
            return MemorySegment.ofArray(out.array());
        }

        private DType dtype(int dataType, String name) {
            return switch (dataType) {
                case FLOAT -> DType.F32;
                case FLOAT16 -> DType.F16;
                case BFLOAT16 -> DType.BF16;
                case DOUBLE -> DType.F64;
                case INT64 -> DType.I64;
                case INT32 -> DType.I32;
                case INT16 -> DType.I16;
                case INT8 -> DType.I8;
                case UINT8 -> DType.U8;
                case BOOL -> DType.BOOL;
                default -> null; // strings, complex, unsigned wide types: never weights
            };
        }
    }
}
