package dev.renkei.server.shared.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.MDC;

/** Gives every request an id, echoes it in {@code X-Request-Id} and puts it in the log context. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestIdFilter implements Ordered {

    @RequestFilter
    public void assignRequestId(HttpRequest<?> request) {
        MDC.put("requestId", RequestIds.assign(request));
    }

    @ResponseFilter
    public void echoRequestId(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.getHeaders().set(RequestIds.HEADER, RequestIds.of(request));
        MDC.remove("requestId");
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
