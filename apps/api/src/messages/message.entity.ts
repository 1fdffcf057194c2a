import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../database/bigint.transformer';

@Entity({ name: 'messages' })
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  seq!: number;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  /** Position among this author's messages in the channel, from 1; makes unread counts index probes. */
  @Column({ name: 'author_seq', type: 'bigint', transformer: bigintToNumber })
  authorSeq!: number;

  /** Stored trimmed; '' once deleted. */
  @Column({ type: 'text' })
  content!: string;

  @Column({ name: 'client_msg_id', type: 'varchar', length: 64 })
  clientMsgId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt!: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
