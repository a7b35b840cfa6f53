package io.rnn4j.serve;

/**
 * A request the server refuses, with the HTTP status and a message that names the problem. The
 * server answers it as {@code {"error": {"status": 400, "code": "bad_request", "message": "..."}}}.
 */
final class ApiError extends RuntimeException {

    final int status;
    final String code;
    /** Seconds for a {@code Retry-After} header (429, 503), or 0 for none. */
    final long retryAfter;

    ApiError(int status, String code, String message) {
        this(status, code, message, 0);
    }

    ApiError(int status, String code, String message, long retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }
}
