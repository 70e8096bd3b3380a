package se.nyckeln.platform.rest;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Locale;

/**
 * The error page for failures that happen before JAX-RS sees a request (authentication, container 404/405/500):
 * REST clients get problem+json like everywhere else; browsers get a short Swedish/English page.
 */
@WebServlet(name = "ProblemErrorServlet", urlPatterns = "/error-page")
public class ProblemErrorServlet extends HttpServlet {

    private static final Jsonb JSON = JsonbBuilder.create();

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object statusAttr = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttr instanceof Integer i ? i : 500;
        String uri = String.valueOf(req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        String path = uri.startsWith(req.getContextPath()) ? uri.substring(req.getContextPath().length()) : uri;
        Locale locale = Locale.forLanguageTag("sv");
        String acceptLanguage = req.getHeader("Accept-Language");
        if (acceptLanguage != null && acceptLanguage.trim().toLowerCase(Locale.ROOT).startsWith("en")) {
            locale = Locale.ENGLISH;
        }
        String code = switch (status) {
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "no-such-resource";
            case 405 -> "method-not-allowed";
            case 413 -> "upload-too-large";
            default -> "internal-error";
        };
        String detail = Problems.text(locale, code, "-");
        resp.setStatus(status);
        resp.setCharacterEncoding("UTF-8");
        if (path.startsWith("/api/")) {
            resp.setContentType(Problem.MEDIA_TYPE);
            resp.getWriter().write(JSON.toJson(new Problem("urn:nyckeln:problem:" + code,
                    Problems.text(locale, "title." + status), status, detail, code, null, null)));
        } else {
            resp.setContentType("text/html");
            String title = escape(Problems.text(locale, "title." + status));
            resp.getWriter().write("<!DOCTYPE html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\">"
                    + "<title>" + title + " – Nyckeln</title></head><body><main><h1>" + title + "</h1><p>"
                    + escape(detail) + "</p><p><a href=\"" + req.getContextPath() + "/\">Nyckeln</a></p></main></body></html>");
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
