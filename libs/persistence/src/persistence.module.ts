import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { assertMigrated, dataSourceOptions } from './data-source';
import { ENTITIES } from './data-source';

export interface PersistenceModuleAsyncOptions<Config> {
  /** The token of the one thing the factory needs, normally APP_CONFIG. */
  inject: [symbol];
  useFactory: (config: Config) => { url: string; applicationName: string };
}

/** TypeORM on PostgreSQL for a service; refuses to start on an unmigrated database. */
@Module({})
export class PersistenceModule {
  static forRootAsync<Config>(options: PersistenceModuleAsyncOptions<Config>): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: options.inject,
          useFactory: (config: Config) => {
            const { url, applicationName } = options.useFactory(config);
            return { ...dataSourceOptions(url, applicationName), retryAttempts: 3, retryDelay: 1_000 };
          },
          dataSourceFactory: async (dataSourceOpts) => {
            const { DataSource: TypeOrmDataSource } = await import('typeorm');
            const dataSource: DataSource = await new TypeOrmDataSource(dataSourceOpts!).initialize();
            await assertMigrated(dataSource);
            return dataSource;
          },
        }),
        TypeOrmModule.forFeature(ENTITIES),
      ],
      exports: [TypeOrmModule],
    };
  }
}
