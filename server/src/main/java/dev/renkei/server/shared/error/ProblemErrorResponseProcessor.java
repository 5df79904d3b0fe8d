package dev.renkei.server.shared.error;

import dev.renkei.server.oauth.ErrorPages;
import dev.renkei.server.shared.web.RequestIds;
import io.micronaut.context.annotation.Primary;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns every error the framework itself produces (unknown route, wrong method, unreadable JSON,
 * constraint violations, unhandled exceptions) into the same RFC 9457 body our services use.
 * Messages of unexpected exceptions never reach the client; the request id links the client's
 * report to the log line.
 */
@Primary
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<ProblemDetails> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);

    private final ErrorPages errorPages;

    public ProblemErrorResponseProcessor(ErrorPages errorPages) {
        this.errorPages = errorPages;
    }

    @Override
    @NonNull
    @SuppressWarnings({"unchecked", "rawtypes"})
    public MutableHttpResponse<ProblemDetails> processResponse(@NonNull ErrorContext context,
                                                               @NonNull MutableHttpResponse<?> baseResponse) {
        if (baseResponse.code() == 400 && OAuthErrors.isAuthorizationEndpoint(context.getRequest())) {
            // A parameter the framework refuses (too long, say) comes before the program and its
            // redirect URI are checked, so nothing can be sent back to the program: the customer
            // gets the same error page as for an untrusted redirect URI.
            return (MutableHttpResponse) errorPages.render("invalid_request", "A parameter of the authorization request is invalid")
                    .header(RequestIds.HEADER, RequestIds.of(context.getRequest()));
        }
        if (OAuthErrors.isOAuthEndpoint(context.getRequest())) {
            // The OAuth endpoints answer framework errors in their own format too (RFC 6749 §5.2).
            return (MutableHttpResponse) OAuthErrors.fromFramework(context, baseResponse);
        }
        int status = baseResponse.code();
        ProblemType type = ProblemType.forStatus(status);
        Throwable cause = context.getRootCause().orElse(null);
        String detail = null;
        List<ProblemDetails.InvalidParam> errors = List.of();
        if (status == 400) {
            ConversionErrorException enumValue = unknownEnumValue(cause);
            ProblemDetails.InvalidParam bodyEnum = unknownEnumMember(cause);
            if (cause instanceof ConstraintViolationException violations) {
                detail = "One or more values break the documented rules";
                errors = violations.getConstraintViolations().stream().map(ProblemErrorResponseProcessor::toInvalidParam)
                        .sorted(java.util.Comparator.comparing(ProblemDetails.InvalidParam::pointer)).toList();
            } else if (enumValue != null) {
                // The contract lists an unknown enum value as a broken rule (validation-failed), not as
                // unreadable input; naming the allowed values lets the client fix it.
                detail = "A parameter is not one of its documented values";
                errors = List.of(new ProblemDetails.InvalidParam(snake(enumValue.getArgument().getName()),
                        "must be one of: " + allowedValues(enumValue.getArgument().getType())));
            } else if (bodyEnum != null) {
                detail = "A member of the body is not one of its documented values";
                errors = List.of(bodyEnum);
            } else {
                type = ProblemType.MALFORMED_REQUEST;
                detail = "A parameter or the body has a value of the wrong type, or the body is not valid JSON";
                errors = context.getErrors().stream()
                        .map(e -> new ProblemDetails.InvalidParam(pointer(e.getPath().orElse("")), safeMessage(e.getMessage())))
                        .toList();
            }
        } else if (status >= 500) {
            LOG.error("Unhandled error on {} {}", context.getRequest().getMethod(), context.getRequest().getPath(), cause);
            detail = "An unexpected error occurred; quote the request id when reporting it";
        } else if (status == 404) {
            detail = "No resource at this path";
        } else if (status == 405) {
            detail = "This path does not support " + context.getRequest().getMethod();
        } else if (status == 415) {
            detail = "Send the body as application/json";
        } else if (status == 406) {
            detail = "This operation answers application/json only";
        } else if (status == 413) {
            detail = "The request (its body, URL or headers) is larger than this server accepts";
        }
        MutableHttpResponse<ProblemDetails> fresh = ProblemResponses.of(context.getRequest(), type, baseResponse.status(),
                detail, errors);
        baseResponse.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> fresh.header(name, v));
            }
        });
        return fresh;
    }

    /** The failure to bind a path or query parameter of an enum type, if that is what happened. */
    private static ConversionErrorException unknownEnumValue(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConversionErrorException conversion && conversion.getArgument().getType().isEnum()) {
                return conversion;
            }
        }
        return null;
    }

    /** serde's account of a body member it could not decode: "Error decoding property [Type name] of type [...]". */
    private static final java.util.regex.Pattern DECODED_MEMBER =
            java.util.regex.Pattern.compile("Error decoding property \\[[\\w.$<>]+ (\\w+)] of type \\[class ([\\w.$]+)]");

    /**
     * A body member holding a value outside its enum (the generated enums refuse it with
     * "Unexpected value"): a broken rule like an unknown enum parameter, named by its JSON pointer.
     */
    private static ProblemDetails.InvalidParam unknownEnumMember(Throwable cause) {
        boolean unexpected = false;
        java.util.regex.Matcher member = null;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            unexpected |= t instanceof IllegalArgumentException && message.startsWith("Unexpected value");
            java.util.regex.Matcher m = DECODED_MEMBER.matcher(message);
            if (member == null && m.find()) {
                member = m;
            }
        }
        if (!unexpected || member == null) {
            return null;
        }
        String allowed = "is not one of the documented values";
        try {
            Class<?> type = Class.forName(member.group(2)).getDeclaredField(member.group(1)).getType();
            if (type.isEnum()) {
                allowed = "must be one of: " + allowedValues(type);
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // the pointer alone still tells the client what to fix
        }
        return new ProblemDetails.InvalidParam("/" + snake(member.group(1)), allowed);
    }

    /** Generated contract enums print their wire value. */
    private static String allowedValues(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
    }

    /**
     * A violation on a body property points into the body ({@code /account_ids/0}); one on a
     * path or query parameter names the parameter as the contract spells it.
     */
    private static ProblemDetails.InvalidParam toInvalidParam(ConstraintViolation<?> violation) {
        List<String> parameter = new ArrayList<>();
        List<String> property = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case PARAMETER -> parameter.add(snake(node.getName()));
                case PROPERTY, CONTAINER_ELEMENT -> {
                    if (node.getName() != null && !node.getName().startsWith("<")) {
                        property.add(snake(node.getName()));
                    }
                    if (node.getIndex() != null) {
                        property.add(String.valueOf(node.getIndex()));
                    }
                }
                default -> {
                }
            }
        }
        String pointer = property.isEmpty() ? String.join(".", parameter) : "/" + String.join("/", property);
        return new ProblemDetails.InvalidParam(pointer, violation.getMessage());
    }

    private static String pointer(String frameworkPath) {
        String name = frameworkPath.startsWith("/") ? frameworkPath.substring(1) : frameworkPath;
        return snake(name);
    }

    private static String snake(String javaName) {
        return javaName == null ? "" : javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Framework messages name Java types and parser internals; keep the part a client can act on. */
    private static String safeMessage(String message) {
        if (message == null) {
            return "invalid value";
        }
        String text = message.lines().findFirst().orElse(message);
        int dueTo = text.lastIndexOf("due to: ");
        if (dueTo >= 0) {
            text = text.substring(dueTo + "due to: ".length());
        }
        text = text.replaceAll("Error decoding property \\[[^]]*] of type \\[[^]]*]: ", "");
        for (String cut : List.of(" (start marker", " at [Source", " (for ", "\n")) {
            int at = text.indexOf(cut);
            if (at > 0) {
                text = text.substring(0, at);
            }
        }
        text = text.replaceAll("`?[a-z]+(\\.[a-zA-Z0-9_$]+){2,}`?", "value").trim();
        return text.isEmpty() ? "invalid value" : text;
    }
}
