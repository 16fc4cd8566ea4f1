package org.cometserver.xmlcurl.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.cometserver.xmlcurl.directory.DirectoryRequest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads mod_xml_curl's parameters: the query string of a {@code GET} ({@code method=GET} in xml_curl.conf, what
 * CppComet's template sets), or the {@code application/x-www-form-urlencoded} body of a {@code POST} (mod_xml_curl's
 * default), plus any query string of its URL. Values are URL-decoded as UTF-8; {@code ;} is an ordinary character
 * (it can occur in a SIP user agent or call id), only {@code &} separates.
 */
public final class DirectoryRequestParser {
    /** FreeSWITCH sends 20–45 parameters; more than this are ignored, which bounds the map built. */
    private static final int MAX_PARAMETERS = 256;

    private DirectoryRequestParser() {
    }

    /** @throws BadRequestException 415 for a body that is not a form, 400 for broken percent-encoding */
    public static DirectoryRequest parse(FullHttpRequest request) throws BadRequestException {
        try {
            Map<String, List<String>> parameters = new LinkedHashMap<>(decoder(true).build(request.uri()).parameters());
            if (request.method().equals(HttpMethod.POST)) {
                checkFormContentType(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
                String body = request.content().toString(StandardCharsets.UTF_8);
                decoder(false).build(body).parameters()
                        .forEach((name, values) -> parameters.merge(name, values, DirectoryRequestParser::concat));
            }
            return DirectoryRequest.of(parameters);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(HttpResponseStatus.BAD_REQUEST, "malformed parameters: " + e.getMessage());
        }
    }

    private static QueryStringDecoder.Builder decoder(boolean hasPath) {
        return QueryStringDecoder.builder().hasPath(hasPath).maxParams(MAX_PARAMETERS).semicolonIsNormalChar(true)
                .charset(StandardCharsets.UTF_8);
    }

    /** A POST without Content-Type is read as a form, as mod_xml_curl always sends one. */
    private static void checkFormContentType(String contentType) throws BadRequestException {
        if (contentType == null) {
            return;
        }
        int semicolon = contentType.indexOf(';');
        String mimeType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        if (!mimeType.equalsIgnoreCase(HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString())) {
            throw new BadRequestException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "POST body must be application/x-www-form-urlencoded, not " + mimeType);
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
