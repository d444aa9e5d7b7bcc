package io.m3j.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * M3Bench's target: the 8-layer student's throughput over the 24-layer teacher's, for two results
 * that differ only in the {@code model} param ({@value #STUDENT} vs {@value #TEACHER}).
 *
 * @param speedup student operations per second / teacher operations per second
 */
public record StudentTeacherRatio(JmhResult student, JmhResult teacher, double speedup) {

    public static final String MODEL_PARAM = "model";
    public static final String STUDENT = "student";
    public static final String TEACHER = "teacher";

    /** The params other than {@code model}, in file order. */
    public Map<String, String> otherParams() {
        return Twins.paramsWithout(student, MODEL_PARAM);
    }

    /** Pairs every student result with its teacher twin, in the order the student results appear. */
    public static List<StudentTeacherRatio> compute(List<JmhResult> results) {
        Map<String, JmhResult> students = new LinkedHashMap<>();
        Map<String, JmhResult> teachers = new LinkedHashMap<>();
        for (JmhResult result : results) {
            String model = result.params().get(MODEL_PARAM);
            if (STUDENT.equals(model)) students.put(Twins.key(result, MODEL_PARAM), result);
            else if (TEACHER.equals(model)) teachers.put(Twins.key(result, MODEL_PARAM), result);
        }
        List<StudentTeacherRatio> ratios = new ArrayList<>();
        for (Map.Entry<String, JmhResult> entry : students.entrySet()) {
            JmhResult teacher = teachers.get(entry.getKey());
            if (teacher != null) {
                JmhResult student = entry.getValue();
                ratios.add(new StudentTeacherRatio(student, teacher, student.opsPerSecond() / teacher.opsPerSecond()));
            }
        }
        return ratios;
    }
}
