/**
 * The public REST API under {@code /api}: resources, request validation and the exception mappers
 * that turn every failure into an RFC 9457 problem body (4xx for client mistakes, 502 or 504 naming
 * the provider for upstream failures, never a stack trace).
 */
package io.ponybunny.web.rest;
