/**
 * Ties the session to the live channels: when a signed-in session ends (sign-out, expiry,
 * another user) every socket closes (they were opened with the old identity), and a socket
 * the server refuses (1008, handshakes failing) makes the console re-check the session, which
 * goes to the sign-in page on 401.
 */
import { onSignedOut, recheckSession } from '../features/auth/auth-store';
import { resetChannels, setChannelAuthFailureHandler } from '../features/streams/channels';

let installed = false;

export function installSession(): void {
  if (installed) return;
  installed = true;
  onSignedOut(resetChannels);
  setChannelAuthFailureHandler(recheckSession);
}
