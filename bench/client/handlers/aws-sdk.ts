// The guide's handler with its SHA-256: @aws-crypto/sha256-js, a JavaScript implementation.
import { Sha256 } from '@aws-crypto/sha256-js';
import { sdkHandler } from './aws-sdk-signer.js';

export const handler = sdkHandler(Sha256);
