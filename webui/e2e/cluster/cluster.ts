/**
 * The cluster the Java IT (io.ponybunny.cluster.ClusterConsoleIT) runs this test against: three
 * PonyBunny servers of one Liberty installation behind HAProxy (PONYBUNNY_BASE_URL). The IT passes
 *
 * - `PONYBUNNY_CLUSTER_NODES`: `name=url,…`, e.g. `node1=http://localhost:9481,…` (at least
 *   three); the first is the node the IT left in HAProxy's rotation (the others are drained), so
 *   the console's page and socket land on it;
 * - `PONYBUNNY_CLUSTER_WLP`: the nodes' Liberty installation (pid files under `usr/servers/.pid`);
 * - `PONYBUNNY_HAPROXY_SOCKET` and `PONYBUNNY_HAPROXY_BACKEND`: HAProxy's runtime API (admin level)
 *   and the backend that holds the nodes.
 */
import { expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';

export interface ClusterNode {
  name: string;
  url: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: this test runs from ClusterConsoleIT (mvn verify)`);
  }
  return value;
}

/** The nodes, the one in HAProxy's rotation first. */
export function clusterNodes(): ClusterNode[] {
  return required('PONYBUNNY_CLUSTER_NODES')
    .split(',')
    .map((entry) => {
      const [name, url] = entry.split('=');
      if (!name || !url) throw new Error(`not name=url: ${entry}`);
      return { name: name.trim(), url: url.trim() };
    });
}

/** Sends one command to HAProxy's runtime API; resolves with its answer. */
function haproxyCommand(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(required('PONYBUNNY_HAPROXY_SOCKET'));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => (answer += data));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.end(`${command}\n`);
  });
}

/** Puts `node` back in HAProxy's rotation (`ready`) or takes it out for new requests (`drain`). */
export async function setNodeState(node: ClusterNode, state: 'ready' | 'drain'): Promise<void> {
  const backend = required('PONYBUNNY_HAPROXY_BACKEND');
  const answer = await haproxyCommand(`set server ${backend}/${node.name} state ${state}`);
  expect(answer.trim(), `HAProxy's answer to setting ${node.name} ${state}`).toBe('');
}

function isRunning(pid: number): boolean {
  try {
    // The third field is the state; a zombie (Z) is dead already.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** `kill -9` on the node's JVM (no graceful stop, like a crash); resolves once it is gone. */
export async function kill9(node: ClusterNode): Promise<void> {
  const pidFile = path.join(
    required('PONYBUNNY_CLUSTER_WLP'),
    'usr/servers/.pid',
    `${node.name}.pid`,
  );
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  expect(isRunning(pid), `${node.name}'s JVM (${pid}) runs before the kill`).toBe(true);
  process.kill(pid, 'SIGKILL');
  await expect.poll(() => isRunning(pid), { message: `${node.name}'s JVM is gone` }).toBe(false);
}
