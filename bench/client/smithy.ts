/**
 * @smithy/signature-v4, the AWS SDK's signer, as every part of `bench:client` sets it up: the
 * benchmark's credentials and region, signing for AppSync, hashing with @smithy/hash-node.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { CREDENTIALS, REGION } from './query.js';

/** A signer; `applyChecksum: false` signs no x-amz-content-sha256, as appsync-direct does not. */
export const smithySigner = (applyChecksum = false) =>
  new SignatureV4({
    credentials: CREDENTIALS,
    region: REGION,
    service: 'appsync',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum,
  });

/**
 * What smithy is told not to sign: content-type, so that it signs the same three headers as
 * appsync-direct (host, x-amz-date, x-amz-security-token); aws4fetch never signs content-type.
 */
export const unsignableHeaders = new Set(['content-type']);
