package dev.renkei.server.shared.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.net.URI;
import java.util.List;

/** The RFC 9457 body, with the request id every Renkei error carries. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetails(URI type,
                             String title,
                             int status,
                             @Nullable String detail,
                             @Nullable String instance,
                             @JsonProperty("request_id") String requestId,
                             @Nullable List<InvalidParam> errors) {

    @Serdeable
    public record InvalidParam(String pointer, String reason) {
    }
}
