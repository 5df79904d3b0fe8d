package dev.renkei.server.shared.error;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/** Thrown by services for any outcome a client must see as an RFC 9457 problem. */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final transient List<ProblemDetails.InvalidParam> errors;
    private final transient Map<String, String> headers;

    public ProblemException(ProblemType type, @Nullable String detail) {
        this(type, detail, List.of(), Map.of());
    }

    public ProblemException(ProblemType type, @Nullable String detail,
                            List<ProblemDetails.InvalidParam> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = errors;
        this.headers = headers;
    }

    public static ProblemException invalid(String pointer, String reason) {
        return new ProblemException(ProblemType.VALIDATION_FAILED, reason,
                List.of(new ProblemDetails.InvalidParam(pointer, reason)), Map.of());
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " does not exist");
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public ProblemType type() {
        return type;
    }

    public List<ProblemDetails.InvalidParam> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
