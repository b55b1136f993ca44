package io.ponybunny.agent;

import io.ponybunny.agent.persistence.GoalClaims;
import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.cluster.InstanceRegistry;
import io.ponybunny.history.StreamReaper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * In-memory collaborators of the {@link ClusterScheduler}: claims kept beside the goals of an
 * {@link AgentFakes.MemoryGoalStore} (whose fenced writes they move on), and recorders of what was
 * asked of the stream reaper and the instance registry. What the database does with them is tested
 * on PostgreSQL ({@code GoalClaimsPostgresTest}, {@code StreamReaperPostgresTest}).
 */
final class ClusterFakes {

  private ClusterFakes() {}

  /** Claims with the semantics of {@link GoalClaims}, on the store's goals. */
  static final class MemoryClaims extends GoalClaims {
    final AgentFakes.MemoryGoalStore store;
    final Map<String, Long> leases = new HashMap<>();
    final Set<String> cancel = new HashSet<>();
    final List<String> handedOver = new ArrayList<>();
    final List<String> released = new ArrayList<>();
    final List<String> log;

    MemoryClaims(AgentFakes.MemoryGoalStore store, List<String> log) {
      this.store = store;
      this.log = log;
    }

    /** Marks {@code goalId} as held by {@code instance} with {@code fence} until {@code lease}. */
    void held(String goalId, String instance, long fence, long lease) {
      synchronized (store) {
        store.instances.put(goalId, instance);
        store.fences.put(goalId, fence);
        leases.put(goalId, lease);
      }
    }

    @Override
    public List<Claim> claim(
        String instance, int n, long now, long leaseMillis, Collection<String> excluded) {
      List<Claim> out = new ArrayList<>();
      synchronized (store) {
        for (GoalEntity g : store.goals.values()) {
          if (out.size() == n) {
            break;
          }
          GoalStatus s = g.status();
          Long lease = leases.get(g.getId());
          if ((s == GoalStatus.QUEUED || s == GoalStatus.RUNNING)
              && (lease == null || lease < now)
              && !excluded.contains(g.getId())) {
            long fence = store.fences.getOrDefault(g.getId(), 0L) + 1;
            held(g.getId(), instance, fence, now + leaseMillis);
            out.add(
                new Claim(
                    g.getId(),
                    g.getOwner(),
                    fence,
                    s == GoalStatus.RUNNING,
                    cancel.contains(g.getId()),
                    null));
          }
        }
      }
      return out;
    }

    @Override
    public Renewal renew(String instance, Map<String, Long> fences, long now, long leaseMillis) {
      Set<String> lost = new HashSet<>();
      Set<String> cancelled = new HashSet<>();
      synchronized (store) {
        fences.forEach(
            (id, fence) -> {
              if (instance.equals(store.instances.get(id)) && fence.equals(store.fences.get(id))) {
                leases.put(id, now + leaseMillis);
                if (cancel.contains(id)) {
                  cancelled.add(id);
                }
              } else {
                lost.add(id);
              }
            });
      }
      return new Renewal(lost, cancelled);
    }

    @Override
    public boolean release(String goalId, long fence) {
      synchronized (store) {
        if (!Objects.equals(store.fences.get(goalId), fence)
            || !store.goals.get(goalId).status().isFinal()) {
          return false;
        }
        released.add(goalId);
        return clear(goalId);
      }
    }

    @Override
    public boolean handOver(String goalId, long fence) {
      synchronized (store) {
        if (!Objects.equals(store.fences.get(goalId), fence)) {
          return false;
        }
        handedOver.add(goalId);
        return clear(goalId);
      }
    }

    private boolean clear(String goalId) {
      store.instances.remove(goalId);
      leases.remove(goalId);
      return true;
    }

    @Override
    public int releaseAll(String instance) {
      synchronized (store) {
        log.add("releaseAll " + instance);
        List<String> mine =
            store.instances.entrySet().stream()
                .filter(e -> e.getValue().equals(instance))
                .map(Map.Entry::getKey)
                .toList();
        mine.forEach(this::clear);
        return mine.size();
      }
    }

    @Override
    public boolean requestCancel(String goalId) {
      synchronized (store) {
        GoalEntity g = store.goals.get(goalId);
        if (g == null || g.status().isFinal()) {
          return false;
        }
        cancel.add(goalId);
        return true;
      }
    }

    @Override
    public QueuedCounts queued(String owner) {
      synchronized (store) {
        List<GoalEntity> queued =
            store.goals.values().stream().filter(g -> g.status() == GoalStatus.QUEUED).toList();
        return new QueuedCounts(
            queued.size(),
            queued.stream().filter(g -> Objects.equals(g.getOwner(), owner)).count());
      }
    }
  }

  /** Records what it is asked; ends one stream per taken-over goal. */
  static final class RecordingReaper extends StreamReaper {
    final List<String> log;

    RecordingReaper(List<String> log) {
      this.log = log;
    }

    @Override
    public int goalTakenOver(String goalId, String deadInstance) {
      log.add("streams of " + goalId);
      return 1;
    }

    @Override
    public int restarted(String instance) {
      log.add("streams of instance " + instance);
      return 0;
    }

    @Override
    public int reapDead(long lastSeenBefore) {
      log.add("reap before " + lastSeenBefore);
      return 0;
    }
  }

  /** Records beats and forgets. */
  static final class RecordingInstances extends InstanceRegistry {
    final List<String> log;

    RecordingInstances(List<String> log) {
      this.log = log;
    }

    @Override
    public void beat(String instance, long now) {
      log.add("beat " + instance + " " + now);
    }

    @Override
    public int forget(long before) {
      log.add("forget before " + before);
      return 0;
    }
  }
}
