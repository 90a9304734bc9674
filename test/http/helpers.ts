import { readFileSync } from 'node:fs';
import { type FixtureName, fixtureNames } from '../../src/testing/fixtures.js';

/** The HTTP events shipped in fixtures/ (see fixtures/README.md, "HTTP events"). */
export const HTTP_FIXTURES = fixtureNames.filter(
  (name): name is Extract<FixtureName, `http-${string}`> => name.startsWith('http-'),
);

export type HttpFixtureName = (typeof HTTP_FIXTURES)[number];

type Obj = Record<string, unknown>;

/** A fresh copy of an HTTP fixture. */
export function httpFixture(name: HttpFixtureName): Obj {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8'));
}

/** A header of a fixture, as the event carries it (for long tokens the tests do not repeat). */
export function fixtureHeader(name: HttpFixtureName, header: string): string {
  const event = httpFixture(name);
  const headers = (event.headers ?? {}) as Record<string, string>;
  const value = headers[header];
  if (value === undefined) throw new Error(`${name} has no ${header} header`);
  return value;
}

/** The body every POST fixture sends. */
export const POST_BODY = '{"query":"{ getPost(id: \\"1\\") { id title } }"}';

/** What the fixtures' GETs ask for, decoded: a second decoding would change `variables`. */
export const GET_QUERY = {
  query: ['query GetPost($id: ID!) { getPost(id: $id) { id title } }'],
  variables: ['{"id":"1+1=2 & 100%25 café ☕"}'],
  operationName: ['GetPost'],
};

export const CLIENT_IP = '198.51.100.23';
export const UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const REST_DOMAIN = 'r7p2kq4w1d.execute-api.us-east-1.amazonaws.com';
export const URL_DOMAIN = 'q3vz7n1m8c4k2j6h9t5f0e7w3a1b6d8y.lambda-url.us-east-1.on.aws';
export const ALB_HOST = 'graphql-alb-1234567890.us-east-1.elb.amazonaws.com';
export const USER_POOL = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Xq7LmP2rT';

/** The headers CloudFront and API Gateway add to every REST fixture, lower-cased. */
export const REST_HEADERS = {
  'accept-encoding': 'gzip, deflate, br',
  'cloudfront-forwarded-proto': 'https',
  'cloudfront-is-desktop-viewer': 'true',
  'cloudfront-is-mobile-viewer': 'false',
  'cloudfront-is-smarttv-viewer': 'false',
  'cloudfront-is-tablet-viewer': 'false',
  'cloudfront-viewer-country': 'US',
  host: REST_DOMAIN,
  'user-agent': UA,
  via: '2.0 6d3f0c1bd6e362694388e4d5fbe1f518.cloudfront.net (CloudFront)',
  'x-amz-cf-id': 'h6G0oQm3kX1rS8yT2vB9nJ4cW7pZ5eA3fD1gL6uR0iK8sM2qN4tY==',
  'x-amzn-trace-id': 'Root=1-6968bab4-7d2e9f1a3c5b8e0d4f6a2c91',
  'x-forwarded-for': `${CLIENT_IP}, 130.176.92.17`,
  'x-forwarded-port': '443',
  'x-forwarded-proto': 'https',
};

/** The headers of every payload 2.0 fixture (HTTP API), before the credentials. */
export const V2_HEADERS = {
  accept: 'application/graphql-response+json, application/json',
  'accept-encoding': 'gzip, deflate, br',
  'content-length': '47',
  'content-type': 'application/json',
  host: REST_DOMAIN,
  'user-agent': UA,
  'x-amzn-trace-id': 'Root=1-6968bab4-2f8c1e7a9d3b5046e1c7a2f9',
  'x-forwarded-for': CLIENT_IP,
  'x-forwarded-port': '443',
  'x-forwarded-proto': 'https',
};
