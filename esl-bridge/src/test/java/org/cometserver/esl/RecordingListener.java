package org.cometserver.esl;

import org.cometserver.esl.conference.Member;
import org.cometserver.esl.spi.ConferenceListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every notice as a short line ({@code joined 5 Alice}, {@code changed 5 muted}, {@code left 6}, {@code UP}). */
final class RecordingListener implements ConferenceListener {

    final List<String> notices = new CopyOnWriteArrayList<>();
    final List<NodeState> states = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void memberJoined(Member member) {
        threads.add(Thread.currentThread().getName());
        notices.add("joined " + member.memberId() + " " + member.callerIdName());
    }

    @Override
    public void memberLeft(Member member) {
        threads.add(Thread.currentThread().getName());
        notices.add("left " + member.memberId());
    }

    @Override
    public void memberChanged(Member before, Member after) {
        threads.add(Thread.currentThread().getName());
        StringBuilder what = new StringBuilder("changed " + after.memberId());
        if (before.muted() != after.muted()) {
            what.append(after.muted() ? " muted" : " unmuted");
        }
        if (before.deaf() != after.deaf()) {
            what.append(after.deaf() ? " deaf" : " undeaf");
        }
        if (before.videoMuted() != after.videoMuted()) {
            what.append(after.videoMuted() ? " vmuted" : " unvmuted");
        }
        if (before.talking() != after.talking()) {
            what.append(after.talking() ? " talking" : " silent");
        }
        if (before.hasFloor() != after.hasFloor()) {
            what.append(after.hasFloor() ? " floor" : " no-floor");
        }
        notices.add(what.toString());
    }

    @Override
    public void nodeHealthChanged(NodeHealth health) {
        states.add(health.state());
    }
}
