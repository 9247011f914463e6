# plot-bounds.gp - the best throughput of each format under a latency bound
# (a step at each frontier design), marked at the study's bounds.
# Written by dse plot from the results folder; reads plot-bounds.dat.
# Edit and rerun in this folder: gnuplot plot-bounds.gp

set encoding utf8

# Images written: a gnuplot terminal and a file name each, one
# layout: 7.5 x 5 in, text 10 pt.
array terminal[3] = [ \
	'pngcairo size 2250,1500 font "Sans,10" fontscale 3.125 linewidth 5.208 pointscale 4.321 noenhanced background "#ffffff"', \
	'svg size 540,360 font "Sans,10" linewidth 1.25 noenhanced background "#ffffff"', \
	'pdfcairo size 7.5in,5in font "Sans,10" fontscale 0.75 linewidth 2.5 pointscale 1.122 noenhanced']
array output[3] = ['plot-bounds.png', 'plot-bounds.svg', 'plot-bounds.pdf']

set pointsize 1.25
set border lw 0.6
set grid xtics ytics mxtics mytics lt 1 lc rgb "#d9d9d9" lw 0.4, lt 1 lc rgb "#f0f0f0" lw 0.4
set tics nomirror out scale 0.6, 0.3
set key noopaque nobox samplen 2 spacing 1.1

# Line styles: format k is style k (frontier) and 100 + k (its canonical design).
set style line 1 lc rgb "#0072B2" lw 1.2 dt 1 pt 7 ps 0.5  # hbfp8_576
set style line 2 lc rgb "#D55E00" lw 1.2 dt 2 pt 5 ps 0.5  # bf16
set style line 3 lc rgb "#009E73" lw 1.2 dt 4 pt 9 ps 0.5  # int8
set style line 101 lc rgb "#0072B2" lw 0.8 dt 3 pt 6 ps 0.6
set style line 102 lc rgb "#D55E00" lw 0.8 dt 3 pt 4 ps 0.6
set style line 103 lc rgb "#009E73" lw 0.8 dt 3 pt 8 ps 0.6

set logscale xy
set key title 'n×: hbfp8_576 / bf16'
	set label 900 'Best throughput under a latency bound' at screen 0.5, screen 0.9667 center front
	set label 901 'n7, lstm; budget 300 mm², 75 W, 75 MB SRAM' at screen 0.5, screen 0.9292 center front
	set label 904 'latency bound (µs)' at screen 0.5298, screen 0.0250 center
	set label 903 'best throughput (TOp/s)' at screen 0.0148, screen 0.4809 center rotate by 90
	set lmargin at screen 0.0941
	set rmargin at screen 0.9656
	set bmargin at screen 0.1056
	set tmargin at screen 0.8562
set key inside top left Left reverse opaque nobox

# Latency bounds of the study (us): dotted guides, labelled on top
# where a label has room (a second row takes what the first cannot)
set arrow from 25, graph 0 to 25, graph 1 nohead back dt 3 lw 0.6 lc rgb "#777777"
set label '25 µs' at first 25, screen 0.8750 center tc rgb "#555555"
set arrow from 50, graph 0 to 50, graph 1 nohead back dt 3 lw 0.6 lc rgb "#777777"
set label '50 µs' at first 50, screen 0.8750 center tc rgb "#555555"
set arrow from 100, graph 0 to 100, graph 1 nohead back dt 3 lw 0.6 lc rgb "#777777"
set label '100 µs' at first 100, screen 0.8750 center tc rgb "#555555"
set arrow from 250, graph 0 to 250, graph 1 nohead back dt 3 lw 0.6 lc rgb "#777777"
set label '250 µs' at first 250, screen 0.8750 center tc rgb "#555555"
set arrow from 500, graph 0 to 500, graph 1 nohead back dt 3 lw 0.6 lc rgb "#777777"
set label '500 µs' at first 500, screen 0.8750 center tc rgb "#555555"
set xrange [20:1000]
set xtics 10 format ''
set xtics add ('100' 100, '1000' 999.999, '20' 20.00002, '50' 50, '200' 200, '500' 500)
set yrange [20:2000]
set ytics 10 format ''
set ytics add ('100' 100, '1000' 1000, '20' 20.00002, '50' 50, '200' 200, '500' 500, '2000' 1999.998)

do for [i = 1:|terminal|] {
	eval "set terminal " . terminal[i]
	set output output[i]
	plot 'plot-bounds.dat' index 0 using 1:2 with steps ls 1 title 'hbfp8_576', \
	     'plot-bounds.dat' index 1 using 1:2 with steps ls 2 title 'bf16', \
	     'plot-bounds.dat' index 2 using 1:2 with steps ls 3 title 'int8', \
	     'plot-bounds.dat' index 3 using 1:2 with points ls 1 ps 0.8 notitle, \
	     'plot-bounds.dat' index 4 using 1:2 with points ls 2 ps 0.8 notitle, \
	     'plot-bounds.dat' index 5 using 1:2 with points ls 3 ps 0.8 notitle, \
	     'plot-bounds.dat' index 6 using 1:2:(sprintf("%.3g×", $3)) with labels left offset char 0.8, 0 notitle
	set output
}
