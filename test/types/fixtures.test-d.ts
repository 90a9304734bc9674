/**
 * Type tests: each fixture, imported as JSON, fits `AppSyncResolverEvent` of `@types/aws-lambda`
 * where it should, and our own event types everywhere. Checked by `tsc --noEmit`, never run.
 */
import type {
  AmplifyResolverEvent,
  AppSyncBatchEvent,
  AppSyncResolverEvent,
  MappingDocumentEvent,
  TemplatePayloadEvent,
} from 'appsync-direct';
import { type FixtureName, type Fixtures, loadFixture } from 'appsync-direct/testing';
import type {
  AmplifyGraphQlResolverEvent,
  AppSyncResolverEvent as TypesAppSyncResolverEvent,
} from 'aws-lambda';
import { expectTypeOf } from 'vitest';
import amplifyFunction from '../../fixtures/amplify-function.json' with { type: 'json' };
import batch1 from '../../fixtures/batch-1.json' with { type: 'json' };
import batch3 from '../../fixtures/batch-3.json' with { type: 'json' };
import batch100 from '../../fixtures/batch-100.json' with { type: 'json' };
import apiKey from '../../fixtures/invoke-api-key.json' with { type: 'json' };
import cognitoUserPools from '../../fixtures/invoke-cognito-user-pools.json' with { type: 'json' };
import iamCognitoIdentityPool from '../../fixtures/invoke-iam-cognito-identity-pool.json' with {
  type: 'json',
};
import iamUser from '../../fixtures/invoke-iam-user.json' with { type: 'json' };
import lambdaAuthorizer from '../../fixtures/invoke-lambda-authorizer.json' with { type: 'json' };
import nestedSource from '../../fixtures/invoke-nested-source.json' with { type: 'json' };
import oidc from '../../fixtures/invoke-oidc.json' with { type: 'json' };
import pipelineFunction from '../../fixtures/invoke-pipeline-function.json' with { type: 'json' };
import mappingDocumentBatch from '../../fixtures/mapping-document-batch.json' with { type: 'json' };
import mappingDocumentInvoke from '../../fixtures/mapping-document-invoke.json' with {
  type: 'json',
};
import tutorialPayload from '../../fixtures/tutorial-payload.json' with { type: 'json' };

// ---- @types/aws-lambda: every Direct Lambda context fits its AppSyncResolverEvent -------------
type Typed = TypesAppSyncResolverEvent<Record<string, unknown>>;

expectTypeOf(apiKey).toExtend<Typed>();
expectTypeOf(iamCognitoIdentityPool).toExtend<Typed>();
expectTypeOf(cognitoUserPools).toExtend<Typed>();
expectTypeOf(oidc).toExtend<Typed>();
expectTypeOf(lambdaAuthorizer).toExtend<Typed>();
expectTypeOf(pipelineFunction).toExtend<Typed>();
expectTypeOf(nestedSource).toExtend<Typed>();
expectTypeOf(batch1).toExtend<Typed[]>();
expectTypeOf(batch3).toExtend<Typed[]>();
expectTypeOf(batch100).toExtend<Typed[]>();
expectTypeOf(mappingDocumentInvoke.payload).toExtend<Typed>();
expectTypeOf(mappingDocumentBatch.payload).toExtend<Typed[]>();
expectTypeOf(amplifyFunction).toExtend<AmplifyGraphQlResolverEvent<{ id: string }, null>>();

// A plain IAM user's cognito* fields are null on the wire (PROTOCOL.md §2.2); @types declares
// them as string, so the real event does not fit @types. Our types accept it.
// @ts-expect-error: @types/aws-lambda's AppSyncIdentityIAM has non-nullable cognito* fields
expectTypeOf(iamUser).toExtend<Typed>();
expectTypeOf(iamUser).toExtend<AppSyncResolverEvent>();

// ---- Our own types accept every fixture -------------------------------------------------------
expectTypeOf(apiKey).toExtend<AppSyncResolverEvent>();
expectTypeOf(iamCognitoIdentityPool).toExtend<AppSyncResolverEvent>();
expectTypeOf(cognitoUserPools).toExtend<AppSyncResolverEvent>();
expectTypeOf(oidc).toExtend<AppSyncResolverEvent>();
expectTypeOf(lambdaAuthorizer).toExtend<AppSyncResolverEvent>();
expectTypeOf(pipelineFunction).toExtend<AppSyncResolverEvent>();
expectTypeOf(nestedSource).toExtend<AppSyncResolverEvent>();
expectTypeOf(batch100).toExtend<AppSyncBatchEvent>();
// JSON widens `operation` to string, so only the payloads are checked here.
expectTypeOf(mappingDocumentBatch.payload).toExtend<AppSyncBatchEvent>();
expectTypeOf(mappingDocumentInvoke.payload).toExtend<AppSyncResolverEvent>();
expectTypeOf(tutorialPayload).toExtend<TemplatePayloadEvent>();
expectTypeOf(amplifyFunction).toExtend<AmplifyResolverEvent>();

// ---- loadFixture() types each name -----------------------------------------------------------
expectTypeOf(loadFixture('invoke-oidc')).toEqualTypeOf<AppSyncResolverEvent>();
expectTypeOf(loadFixture('batch-3')).toEqualTypeOf<AppSyncBatchEvent>();
expectTypeOf(loadFixture('mapping-document-batch')).toEqualTypeOf<MappingDocumentEvent>();
expectTypeOf(loadFixture('tutorial-payload')).toEqualTypeOf<TemplatePayloadEvent>();
expectTypeOf(loadFixture('amplify-function')).toEqualTypeOf<AmplifyResolverEvent>();
expectTypeOf<FixtureName>().toEqualTypeOf<keyof Fixtures>();
// Batch overrides apply per item, so they are shaped as one context.
loadFixture('batch-3', { identity: null, info: { selectionSetList: ['id'] } });
// @ts-expect-error: no such fixture
loadFixture('invoke-missing');
// @ts-expect-error: overrides are checked against the event
loadFixture('invoke-oidc', { arguments: 'not an object' });
