package se.nyckeln.platform.rest;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;

/**
 * Bean Validation failures of request bodies and parameters as 400 problem+json. Needed besides
 * {@link ProblemMappers}: RESTEasy's own mapper for {@code ValidationException} is more specific than an
 * {@code ExceptionMapper<Throwable>} and would otherwise answer with its plain-text report.
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(ConstraintViolationException e) {
        ConstraintViolation<?> first = e.getConstraintViolations().stream()
                .min(java.util.Comparator.comparing(v -> v.getPropertyPath().toString())).orElse(null);
        String path = first == null ? null : first.getPropertyPath().toString();
        String field = path == null ? null : path.substring(path.lastIndexOf('.') + 1);
        String message = first == null ? "" : first.getMessage();
        return Problems.response(400, "validation-failed", field, Problems.locale(headers), List.of(), field, message);
    }
}
