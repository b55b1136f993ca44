-- Sign-in state shared by every instance of a cluster (issue #19: a load balancer without sticky
-- sessions sends the requests of one browser to any instance). Portable SQL for H2 2.x and
-- PostgreSQL 12+. Times are epoch ms.

-- Single sign-ons in progress (security.oidc.PendingSignIns): the SHA-256 of the state (what the
-- provider sends back), of the browser's binding cookie and of the nonce, and the console page to
-- return to. No secret is kept (the PKCE verifier is derived from the binding cookie). A row is
-- deleted when the callback uses it, or once older than a sign-in may take (10 minutes).
CREATE TABLE pb_oidc_pending (
  state_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  binding_hash VARCHAR(64) NOT NULL,
  nonce_hash VARCHAR(64) NOT NULL,
  next_path VARCHAR(500) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX pb_oidc_pending_created ON pb_oidc_pending (created_at);

-- First-start links (security.account.FirstStartLinks): the SHA-256 of each instance's one-time
-- token. Using one deletes them all, as does an admin choosing a password.
CREATE TABLE pb_first_start_link (
  token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  created_at BIGINT NOT NULL
);
