/*
 * Reference point for the README: the lookup-nlp loop (32,768 random rows of
 * a 50,000 x 128 float table copied into a fresh [64, 512, 128] output, as
 * F.embedding does) in plain C, one row memcpy at a time, with an optional
 * software prefetch PF rows ahead and T threads (OpenMP), to see what the
 * hardware does with and without prefetch, on one and two cores.
 *
 *   gcc -O3 -fopenmp -o rc random_copy.c && ./rc 0 1 && ./rc 16 1 && ./rc 0 2 && ./rc 16 2
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdint.h>
#define V 50000
#define D 128
#define N 32768
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e3+t.tv_nsec/1e6;}
int main(int argc,char**argv){
  int pf = argc>1?atoi(argv[1]):0, T = argc>2?atoi(argv[2]):1;
  float*W=aligned_alloc(64,(size_t)V*D*4); for(size_t i=0;i<(size_t)V*D;i++)W[i]=(float)(i%97)*0.01f;
  int*idx=malloc(N*4); uint32_t x=1; for(int i=0;i<N;i++){x^=x<<13;x^=x>>17;x^=x<<5;idx[i]=x%V;}
  double t[41]; float check=0;
  for(int r=0;r<41;r++){
    float*out=malloc((size_t)N*D*4); /* a fresh output each call, as a lookup returns one */
    double t0=now();
    #pragma omp parallel for num_threads(T) schedule(static)
    for(int j=0;j<N;j++){
      if(pf && j+pf<N){const char*p=(const char*)(W+(size_t)idx[j+pf]*D); for(int l=0;l<D*4;l+=64)__builtin_prefetch(p+l,0,0);}
      memcpy(out+(size_t)j*D,W+(size_t)idx[j]*D,D*4);
    }
    t[r]=now()-t0; check+=out[(size_t)(r*977%N)*D]; free(out);
  }
  for(int i=0;i<41;i++)for(int k=i+1;k<41;k++)if(t[k]<t[i]){double s=t[i];t[i]=t[k];t[k]=s;}
  printf("C lookup prefetch=%d threads=%d median %.3f ms (check %f)\n",pf,T,t[20],check);
}
