package se.nyckeln.licensing.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import se.nyckeln.platform.problem.BusinessException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Enforces {@link UsageUploadLimit}: by Content-Length first, then by counting the bytes as they are read. */
@Provider
@UsageUploadLimit
@Priority(Priorities.ENTITY_CODER)
public class UsageUploadLimitFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length > UsageUploadLimit.MAX_BYTES) {
                throw tooLarge();
            }
        }
        request.setEntityStream(new Counting(request.getEntityStream(), UsageUploadLimit.MAX_BYTES));
    }

    static BusinessException tooLarge() {
        return new BusinessException(413, "upload-too-large", "file",
                UsageUploadLimit.MAX_BYTES / (1024 * 1024) + " MiB");
    }

    /** Fails as soon as more than {@code max} bytes have been read. */
    static final class Counting extends FilterInputStream {
        private final long max;
        private long count;

        Counting(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            add(skipped);
            return skipped;
        }

        private void add(long n) {
            count += n;
            if (count > max) {
                throw tooLarge();
            }
        }
    }
}
