import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/** What an operator decides for one conflict. */
export const CONFLICT_CHOICES = ['keep-catalog', 'take-external', 'delete', 'restore'] as const;
export type ConflictChoice = (typeof CONFLICT_CHOICES)[number];

export class ResolveConflictDto {
  @ApiProperty({
    enum: CONFLICT_CHOICES,
    description:
      "keep-catalog: write the catalog's value to the external system; take-external: apply the " +
      'external value to the catalog; for a delete conflict (field `deleted`): delete (the ' +
      'catalog record goes too) or restore (the record lives and is written to the system again).',
  })
  @IsIn(CONFLICT_CHOICES)
  choice!: ConflictChoice;
}
