package se.nyckeln.organisation.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import se.nyckeln.platform.rest.UploadLimits;

/** Enforces {@link UploadLimit} ({@link UploadLimits}: by Content-Length first, then by counting the bytes read). */
@Provider
@UploadLimit
@Priority(Priorities.ENTITY_CODER)
public class UploadLimitFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        UploadLimits.enforce(request, UploadLimit.MAX_BYTES);
    }
}
