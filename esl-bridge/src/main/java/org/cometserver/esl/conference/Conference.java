package org.cometserver.esl.conference;

import java.util.List;
import java.util.Optional;

/**
 * One running mod_conference conference on one node.
 *
 * @param name    the conference name as FreeSWITCH knows it, e.g. {@code 0*3000-127.0.0.1} (no {@code @profile})
 * @param profile the profile from {@code conference-create}; null when only known through {@code json_list}
 * @param members ordered by member id
 */
public record Conference(String node, String name, String uuid, String profile, List<Member> members) {

    public Conference {
        members = List.copyOf(members);
    }

    public Optional<Member> member(int memberId) {
        return members.stream().filter(m -> m.memberId() == memberId).findFirst();
    }
}
