'use client';
// The topic of the current /topics/<topic>/... page, decoded (names may hold ".", "_" and "-").
import { useParams } from 'next/navigation';

export function useTopicName(): string {
  const params = useParams<{ topic: string }>();
  return decodeURIComponent(params.topic);
}
