package dev.renkei.server.settings;

import dev.renkei.server.shared.error.ProblemDetails.InvalidParam;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A subject and body with {@code {{placeholder}}} slots. */
public record MailTemplate(MailTemplateId id, String subject, String body, Instant updatedAt, @Nullable UUID updatedBy) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    /** Rejects a subject or body that names a placeholder this template cannot fill. */
    public static void checkPlaceholders(MailTemplateId id, String subject, String body) {
        List<InvalidParam> errors = new ArrayList<>();
        collectUnknown(id, subject, "/subject", errors);
        collectUnknown(id, body, "/body", errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED,
                    "Unknown placeholder; this template may use " + id.placeholders(), errors, Map.of());
        }
    }

    private static void collectUnknown(MailTemplateId id, String text, String pointer, List<InvalidParam> errors) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!id.placeholders().contains(m.group(1))) {
                errors.add(new InvalidParam(pointer, "Unknown placeholder {{" + m.group(1) + "}}"));
            }
        }
    }

    public String renderSubject(Map<String, String> values) {
        return render(subject, values);
    }

    public String renderBody(Map<String, String> values) {
        return render(body, values);
    }

    static String render(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
