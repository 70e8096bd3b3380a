package se.nyckeln.platform.rest;

import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;
import se.nyckeln.platform.problem.BusinessException;

import java.util.List;

/**
 * Turns every failure into problem+json: business failures with their code and status, validation failures
 * as 400 with the field, access failures as 403, and anything unexpected as a 500 that says nothing about
 * the inside (the details go to the server log with an id the client sees).
 */
@Provider
public class ProblemMappers implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable t = unwrap(thrown);
        var locale = Problems.locale(headers);
        if (t instanceof BusinessException b) {
            return Problems.response(b.status(), b.code(), b.field(), locale, b.errors(), b.args());
        }
        if (t instanceof ConstraintViolationException cve) {
            ConstraintViolation<?> first = cve.getConstraintViolations().stream().findFirst().orElse(null);
            String field = first == null ? null : leaf(first.getPropertyPath().toString());
            String message = first == null ? "" : first.getMessage();
            return Problems.response(400, "validation-failed", field, locale, List.of(), field, message);
        }
        if (t instanceof EJBAccessException || t instanceof ForbiddenException) {
            return Problems.response(403, "forbidden", null, locale, List.of());
        }
        if (t instanceof NotAuthorizedException) {
            return Problems.response(401, "unauthenticated", null, locale, List.of());
        }
        if (t instanceof NotFoundException) {
            return Problems.response(404, "no-such-resource", null, locale, List.of());
        }
        if (t instanceof NotAllowedException) {
            return Problems.response(405, "method-not-allowed", null, locale, List.of());
        }
        if (t instanceof NotSupportedException) {
            return Problems.response(415, "unsupported-media-type", null, locale, List.of());
        }
        if (t instanceof OptimisticLockException) {
            return Problems.response(409, "concurrent-change", null, locale, List.of());
        }
        if (t instanceof jakarta.ws.rs.BadRequestException || t instanceof jakarta.json.bind.JsonbException
                || t instanceof jakarta.ws.rs.ProcessingException) {
            return Problems.response(400, "malformed-request", null, locale, List.of());
        }
        if (t instanceof ClientErrorException c) {
            int status = c.getResponse().getStatus();
            return Problems.response(status, "client-error", null, locale, List.of(), status);
        }
        String incident = java.util.UUID.randomUUID().toString();
        LOG.errorf(thrown, "Unexpected failure, incident %s", incident);
        return Problems.response(500, "internal-error", null, locale, List.of(), incident);
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot >= 0 ? path.substring(dot + 1) : path;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        for (int i = 0; i < 10 && current != null; i++) {
            if (current instanceof BusinessException || current instanceof ConstraintViolationException
                    || current instanceof EJBAccessException || current instanceof OptimisticLockException) {
                return current;
            }
            Throwable next = current instanceof EJBException e && e.getCausedByException() != null
                    ? e.getCausedByException() : current.getCause();
            if (next == null || next == current) {
                break;
            }
            current = next;
        }
        return t instanceof EJBException && current != null ? current : t;
    }
}
