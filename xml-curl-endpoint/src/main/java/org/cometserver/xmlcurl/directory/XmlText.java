package org.cometserver.xmlcurl.directory;

/** Escaping of attribute values: the request's domain and the stored password go into the document verbatim. */
public final class XmlText {

    private XmlText() {
    }

    /**
     * Escapes a value for a double-quoted attribute. Tab, CR and LF become character references, since an XML parser
     * would otherwise turn them into spaces.
     *
     * @throws IllegalArgumentException for characters XML 1.0 cannot represent at all (other controls, U+FFFE, U+FFFF,
     *                                  unpaired surrogates)
     */
    public static String attribute(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\t' -> out.append("&#9;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (c < 0x20 || c == 0xFFFE || c == 0xFFFF || Character.isSurrogate(c)) {
                        throw new IllegalArgumentException(String.format(
                                "character U+%04X at index %d cannot be written in XML 1.0", (int) c, i));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
