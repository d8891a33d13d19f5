import { Module } from '@nestjs/common';
import { FlagsController } from './http/flags.controller';
import { OfrepController } from './ofrep/ofrep.controller';
import { OfrepEvaluationService } from './ofrep/ofrep-evaluation.service';
import { FlagQueries } from './reads/flag-queries';
import { FlagSnapshotRpcController } from './rpc/flag-snapshot.controller';
import { CreateFlagUseCase } from './writes/create-flag.use-case';
import { DeleteFlagUseCase } from './writes/delete-flag.use-case';
import { FlagWriter } from './writes/flag-write.transaction';
import { KillFlagsUseCase } from './writes/kill-flags.use-case';
import { UpdateFlagUseCase } from './writes/update-flag.use-case';

/**
 * Root module of flag-service. Health, metrics, request ids, the error envelope and the identity
 * check come from `bootstrap()`; the dependencies (Postgres, NATS, the in-memory flag snapshot)
 * are injectable by class.
 */
@Module({
  controllers: [FlagsController, OfrepController, FlagSnapshotRpcController],
  providers: [FlagQueries, FlagWriter, CreateFlagUseCase, UpdateFlagUseCase, DeleteFlagUseCase, KillFlagsUseCase, OfrepEvaluationService],
})
export class AppModule {}
