/** The audit log of security-relevant actions, a database table read by admins. */
package io.ponybunny.security.audit;
