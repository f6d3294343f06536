export * from './delivery-queue.entity';
export * from './delivery-queue.repository';
