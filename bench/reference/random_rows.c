/*
 * Reference point for bench/latency.ts and the README: the bag-dlrm sum loop
 * (4,096 bags x 32 random rows of a 1,000,000 x 64 float table) in plain C,
 * with an optional software prefetch PF rows ahead, to see what the hardware
 * does with and without prefetch and with 128- or 256-bit vectors.
 *
 *   gcc -O3 -msse4.2 -mno-avx -o rr_sse random_rows.c && ./rr_sse 0 && ./rr_sse 16
 *   gcc -O3 -march=native -o rr_avx random_rows.c && ./rr_avx 0 && ./rr_avx 16
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdint.h>
#define V 1000000
#define D 64
#define B 4096
#define L 32
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e3+t.tv_nsec/1e6;}
int main(int argc,char**argv){
  int pf = argc>1?atoi(argv[1]):0;
  float*W=aligned_alloc(64,(size_t)V*D*4); for(size_t i=0;i<(size_t)V*D;i++)W[i]=(float)(i%97)*0.01f;
  int*idx=malloc(B*L*4); uint32_t x=1; for(int i=0;i<B*L;i++){x^=x<<13;x^=x>>17;x^=x<<5;idx[i]=x%V;}
  float*out=aligned_alloc(64,B*D*4);
  double best[40];
  for(int r=0;r<40;r++){double t0=now();
    for(int b=0;b<B;b++){float acc[D]={0};
      for(int j=b*L;j<(b+1)*L;j++){
        if(pf && j+pf<B*L){const char*p=(const char*)(W+(size_t)idx[j+pf]*D); for(int l=0;l<D*4;l+=64)__builtin_prefetch(p+l,0,0);}
        const float*row=W+(size_t)idx[j]*D; for(int d=0;d<D;d++)acc[d]+=row[d];}
      memcpy(out+b*D,acc,D*4);}
    best[r]=now()-t0;}
  // median
  for(int i=0;i<40;i++)for(int k=i+1;k<40;k++)if(best[k]<best[i]){double t=best[i];best[i]=best[k];best[k]=t;}
  printf("C prefetch=%d median %.3f ms (check %f)\n",pf,best[20],out[5]);
}
