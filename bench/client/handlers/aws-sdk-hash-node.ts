// The guide's handler with node:crypto's SHA-256 through @smithy/hash-node, as the SDK's own
// clients hash on Node.
import { Hash } from '@smithy/hash-node';
import { sdkHandler } from './aws-sdk-signer.js';

export const handler = sdkHandler(Hash.bind(null, 'sha256'));
