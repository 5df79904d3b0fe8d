package dev.renkei.conformance.negative;

import dev.renkei.conformance.negative.NegativeRun.Result;
import dev.renkei.conformance.negative.NegativeRun.Verdict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The markdown report of the negative inputs (operation, mutation, status, verdict) and the failure list. */
public final class NegativeReport {

    private final List<Result> results;
    private final List<String> operations;

    public NegativeReport(List<Result> results, List<String> operations) {
        this.results = List.copyOf(results);
        this.operations = List.copyOf(operations);
    }

    public Map<Verdict, Long> byVerdict() {
        Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
        results.forEach(r -> counts.merge(r.verdict(), 1L, Long::sum));
        return counts;
    }

    public long sent() {
        return results.stream().filter(r -> r.status() > 0 && !"baseline".equals(r.kind())).count();
    }

    public List<Result> failures() {
        return results.stream().filter(r -> !r.verdict().ok).toList();
    }

    public String totals() {
        StringBuilder text = new StringBuilder();
        text.append("- operations with input covered: ").append(operations.size()).append('\n');
        text.append("- negative requests sent: ").append(sent()).append('\n');
        Map<String, Long> kinds = results.stream().filter(r -> r.status() > 0 && !"baseline".equals(r.kind()))
                .collect(Collectors.groupingBy(Result::kind, TreeMap::new, Collectors.counting()));
        text.append("- by mutation kind: ").append(kinds.toString()).append('\n');
        byVerdict().forEach((verdict, count) -> text.append("- ").append(verdict).append(" (").append(verdict.meaning)
                .append("): ").append(count).append('\n'));
        return text.toString();
    }

    public void write(Path file) {
        StringBuilder md = new StringBuilder("# Negative inputs report\n\n");
        md.append("Negative inputs generated from the request schemas and parameters of token-issuance.yaml, ")
                .append("authorization.yaml and resources.yaml: from a valid baseline (the contract's examples), each request ")
                .append("breaks one rule (malformed JSON, wrong JSON type, null, a missing required member, length, pattern, ")
                .append("format, range, enum, array size; query, path and header parameters), sent with the credentials of a ")
                .append("caller allowed to do the operation. Expected: a 4xx the operation documents (400 `validation-failed` or ")
                .append("`malformed-request` normally; the OAuth error format on OAuth endpoints), never a 5xx, and an answer ")
                .append("that conforms to the contract. A mutation the contract itself accepts is listed as NOT_NEGATIVE and not sent.\n\n");
        md.append("## Totals\n\n").append(totals()).append('\n');
        List<Result> failures = failures();
        md.append("## Failures\n\n");
        if (failures.isEmpty()) {
            md.append("None.\n");
        }
        failures.forEach(r -> md.append("- ").append(line(r)).append(" — ").append(cell(r.detail())).append('\n'));
        md.append("\n## Operations covered\n\n");
        operations.forEach(op -> md.append("- ").append(op).append('\n'));
        md.append("\n## Every request\n\n| spec | operation | mutation | where | what | request | status | answer | verdict |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append("| ").append(r.spec()).append(" | ").append(r.operationId()).append(" | ").append(r.kind()).append(" | ")
                    .append(cell(r.where())).append(" | ").append(cell(r.description())).append(" | `").append(cell(r.request()))
                    .append("` | ").append(r.status() == 0 ? "–" : r.status()).append(" | ").append(cell(r.answer())).append(" | ")
                    .append(r.verdict().ok ? r.verdict().name() : "**" + r.verdict().name() + "**").append(" |\n");
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String line(Result r) {
        return r.verdict() + " " + r.spec() + " " + r.operationId() + " [" + r.kind() + " " + r.where() + ": " + r.description()
                + "] " + r.request() + " → " + (r.status() == 0 ? "not sent" : r.status() + " " + r.answer());
    }

    private static String cell(String text) {
        return NegativeRun.abbreviate(text).replace("|", "\\|").replace("`", "'");
    }
}
