package org.cometserver.xmlcurl.directory;

import org.cometserver.xmlcurl.dialplan.DialInResponder;
import org.cometserver.xmlcurl.spi.DialInRooms;
import org.cometserver.xmlcurl.spi.DirectoryUser;
import org.cometserver.xmlcurl.spi.DirectoryUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Decides the document for a lookup: the user's entry when the request names a known user of the directory section,
 * {@link DirectoryDocument#NOT_FOUND} for everything else (other sections, domain-only lookups, names not in
 * CppComet's format, users without a password). CppComet answered an empty {@code HTTP 404} instead of the
 * not-found document, which FreeSWITCH logs as an error on every lookup of a static user such as {@code 1000}.
 */
public final class DirectoryResponder {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryResponder.class);
    private static final String DIRECTORY_SECTION = "directory";

    private final DirectoryUsers users;
    private final DialInResponder dialIn;

    public DirectoryResponder(DirectoryUsers users) {
        this(users, DialInRooms.NONE);
    }

    /** @param dialIn the rooms dial-in PINs open (mod_xml_curl's {@code dialplan} binding) */
    public DirectoryResponder(DirectoryUsers users, DialInRooms dialIn) {
        this.users = users;
        this.dialIn = new DialInResponder(dialIn);
    }

    /** Completes with the document; fails only when the {@link DirectoryUsers} or {@link DialInRooms} lookup fails. */
    public CompletableFuture<String> respond(DirectoryRequest request) {
        if (DialInResponder.isPinLookup(request)) {
            return dialIn.respond(request);
        }
        if (!request.section().equals(DIRECTORY_SECTION) || request.domain().isEmpty()) {
            return CompletableFuture.completedFuture(DirectoryDocument.NOT_FOUND);
        }
        Optional<SipUserName> user = SipUserName.parse(request.user());
        if (user.isEmpty()) {
            return CompletableFuture.completedFuture(DirectoryDocument.NOT_FOUND);
        }
        SipUserName name = user.get();
        CompletableFuture<Optional<DirectoryUser>> lookup;
        try {
            lookup = users.user(name.devId(), name.userId());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return lookup.thenApply(found -> found.map(u -> userDocument(request.domain(), name, u))
                        .orElse(DirectoryDocument.NOT_FOUND));
    }

    private static String userDocument(String domain, SipUserName name, DirectoryUser user) {
        try {
            return user.guestRoom() == null ? DirectoryDocument.user(domain, name, user.password())
                    : DirectoryDocument.guest(domain, name, user.password(), user.guestRoom());
        } catch (IllegalArgumentException e) {
            // such a user could never type the password into a SIP client anyway; answering keeps FreeSWITCH quiet
            LOG.warn("SIP user {} not served: {}", name, e.getMessage());
            return DirectoryDocument.NOT_FOUND;
        }
    }
}
